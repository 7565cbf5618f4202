"""The shared command field types and the one malformed-request refusal (SCENARIO.md, stage 1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Refused, Rejection, check, parse
from pacte_contracts.types import Cents, Code, Command, Hours, Id, IsoDate, Period, Text


class Sample(Command):
    NAME = "sample.command"
    session_id: Id
    date: IsoDate
    hours: Hours
    absence: Code | None
    amount_cents: Cents
    period: Period
    comment: Text


def good(**changes: Any) -> dict[str, Any]:
    return {"session_id": "S-1", "date": "2019-09-02", "hours": 7.5, "absence": None, "amount_cents": 5,
            "period": "2019-09", "comment": "", "ignored": [1], **changes}


def fields_of(outcome: object) -> set[str]:
    assert isinstance(outcome, Rejection) and outcome.reason is RejectionReason.INVALID
    return {str(e["field"]) for e in outcome.errors}


def test_a_well_formed_command_is_read_exactly() -> None:
    command = parse(Sample, good())
    assert isinstance(command, Sample)
    assert command.date == date(2019, 9, 2) and command.hours == Decimal("7.5") and command.comment == ""
    assert command.model_dump(mode="json") == {k: v for k, v in good().items() if k != "ignored"}


@pytest.mark.parametrize(("field", "value"), [
    ("session_id", ""), ("session_id", "   "), ("session_id", 12), ("session_id", None),
    ("date", "2019-9-2"), ("date", "2019-02-30"), ("date", "2019-09-02T00:00"), ("date", 20190902),
    ("date", "２０１９-09-02"),
    ("hours", 7.125), ("hours", "7.5"), ("hours", True), ("hours", float("nan")), ("hours", None),
    ("absence", 3), ("absence", ""),
    ("amount_cents", 5.0), ("amount_cents", True), ("amount_cents", "5"),
    ("period", "2019-13"), ("period", "2019-9"), ("period", "2019-09-01"), ("period", "0000-01"),
    ("comment", None),
])
def test_a_malformed_field_is_refused_with_its_name(field: str, value: Any) -> None:
    assert fields_of(parse(Sample, good(**{field: value}))) == {field}


def test_a_missing_field_and_a_body_that_is_not_an_object() -> None:
    payload = good()
    del payload["absence"]  # present-but-null is a value; absent is malformed
    assert fields_of(parse(Sample, payload)) == {"absence"}
    assert isinstance(parse(Sample, [good()]), Rejection)


@pytest.mark.parametrize(("sent", "read"), [(7, "7"), (7.0, "7"), (7.10, "7.1"), (0.25, "0.25"), (-0.0, "0"),
                                            (-3, "-3"), (Decimal("2.50"), "2.5")])
def test_hours_are_exact_and_canonical(sent: Any, read: str) -> None:
    command = parse(Sample, good(hours=sent))
    assert isinstance(command, Sample) and str(command.hours) == read


def test_check_raises_the_rejection() -> None:
    rejection = Rejection.invalid("no")
    with pytest.raises(Refused) as raised:
        check(rejection)
    assert raised.value.rejection is rejection and raised.value.reason is RejectionReason.INVALID
    assert check(3) == 3
