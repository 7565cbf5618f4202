"""The msgspec mirrors of contracts decode exactly as the contracts do (pacte_platform.mirrors).

Differential: every registered event type the generator accepts is fed messages with canonical,
lax, wrong, missing and extra fields; the mirror's decoding must refuse what the pydantic model
refuses and, for the rest, give the same values.
"""

from __future__ import annotations

import datetime
import enum
import json
import typing
import uuid
from typing import Any, Literal

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, field_validator

import pacte_contracts.attendance
import pacte_contracts.billing
import pacte_contracts.improvement
import pacte_contracts.indicators
import pacte_contracts.procurement
from pacte_contracts.envelope import EVENT_TYPES, Event, decode_message
from pacte_platform.mirrors import MirrorDecoder, Mirrored, NotMirrorable, contract_of, mirror


def _mirrorable() -> list[type[Event]]:
    found = []
    for model in EVENT_TYPES.values():
        try:
            mirror(model)
        except NotMirrorable:
            continue
        found.append(model)
    return sorted(found, key=lambda m: m.__name__)


MIRRORABLE = _mirrorable()
DECODER = MirrorDecoder(MIRRORABLE)


def test_the_hot_contracts_have_mirrors() -> None:
    names = {m.__name__ for m in MIRRORABLE}
    assert {"AttendanceRecorded", "TrainerHoursDeclared"} <= names
    record = mirror(pacte_contracts.attendance.AttendanceRecorded)
    assert set(record.__struct_fields__) == set(pacte_contracts.attendance.AttendanceRecorded.model_fields)
    assert record.contract is pacte_contracts.attendance.AttendanceRecorded


class _Constrained(Event):
    count: int = Field(ge=0)


class _Validated(Event):
    name: str

    @field_validator("name")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class _Strict(Event):
    model_config = ConfigDict(strict=True)
    count: int


class _Forbidding(Event):
    model_config = ConfigDict(extra="forbid")
    count: int


class _Listing(Event):
    names: list[str]


@pytest.mark.parametrize("model", [_Constrained, _Validated, _Strict, _Forbidding, _Listing,
                                   pacte_contracts.attendance.OrganisationKeyIssued])
def test_what_msgspec_would_read_differently_is_not_mirrored(model: type[BaseModel]) -> None:
    with pytest.raises(NotMirrorable):
        mirror(model)


def _wrong_values() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                     st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([3.0, "3", "07", "-1", ""]),
                     st.text(max_size=8), st.lists(st.integers(), max_size=2), st.just({"a": 1}),
                     st.sampled_from(["2019-09-02", "2019-09-02T00:00:00", "20190902", "2019-9-2", "2019-02-30",
                                      "2019-09-02Z", "\ud800", "justified", "enrolled"]))


def _value(annotation: Any) -> st.SearchStrategy[Any]:
    """A valid JSON value of a field's type (or None, for an optional one)."""
    origin = typing.get_origin(annotation)
    if annotation is str:
        return st.text(max_size=12)
    if annotation is int:
        return st.integers(min_value=-(2**40), max_value=2**40)
    if annotation is bool:
        return st.booleans()
    if annotation is datetime.date:
        return st.dates().map(datetime.date.isoformat)
    if annotation is type(None):
        return st.none()
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from([m.value for m in annotation])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _payload(annotation)
    if origin is Literal:
        return st.sampled_from(typing.get_args(annotation))
    return st.one_of(*[_value(a) for a in typing.get_args(annotation)])


def _payload(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Each field valid, wrong, or missing; sometimes an unknown field beside them."""
    fields = {name: st.one_of(_value(info.annotation), _value(info.annotation), _wrong_values())
              for name, info in model.model_fields.items()}
    return st.fixed_dictionaries({}, optional={**fields, "unknown_field": _wrong_values()})


@st.composite
def _messages(draw: st.DrawFn) -> tuple[str, bytes]:
    model = draw(st.sampled_from(MIRRORABLE))
    envelope = {"event_id": str(uuid.uuid4()), "type": model.event_type(), "version": 1,
                "occurred_at": "2019-09-01T08:00:00Z", "correlation_id": None, "producer": "test", "key": "k",
                "payload": draw(_payload(model))}
    return model.event_type(), json.dumps(envelope).encode()


def _outcome(decode: typing.Callable[[], tuple[Any, Any]]) -> Any:
    try:
        head, event = decode()
    except (ValueError, msgspec.DecodeError):
        return "refused"
    values = msgspec.to_builtins(event) if isinstance(event, Mirrored) else event.model_dump(mode="json")
    return head.event_id, head.type, head.correlation_id, contract_of(event), values


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_messages())
def test_a_mirror_accepts_refuses_and_values_as_its_contract(message: tuple[str, bytes]) -> None:
    event_type, value = message
    expected = _outcome(lambda: decode_message(value))
    assert _outcome(lambda: DECODER.decode(value, event_type)) == expected


def test_a_lax_value_goes_the_contracts_way_and_still_comes_out_mirrored() -> None:
    value = json.dumps({
        "event_id": str(uuid.uuid4()), "type": "AttendanceRecorded", "occurred_at": "2019-09-01T08:00:00Z",
        "producer": "test", "key": "S1",
        "payload": {"session_id": "S1", "organisation_id": "O1", "trainee_key": "T1", "date": "2019-09-02",
                    "hours_present": "7", "revision": "3"}}).encode()
    _, event = DECODER.decode(value, "AttendanceRecorded")
    assert isinstance(event, Mirrored) and event.revision == 3  # type: ignore[attr-defined]


def test_a_header_that_lies_about_the_type_changes_nothing() -> None:
    value = json.dumps({
        "event_id": str(uuid.uuid4()), "type": "OpenDayDeclared", "occurred_at": "2019-09-01T08:00:00Z",
        "producer": "test", "key": "S1",
        "payload": {"session_id": "S1", "organisation_id": "O1", "date": "2019-09-02", "revision": 1,
                    "trainee_key": "T1", "hours_present": "7"}}).encode()
    _, event = DECODER.decode(value, "AttendanceRecorded")
    assert contract_of(event) is pacte_contracts.attendance.OpenDayDeclared
