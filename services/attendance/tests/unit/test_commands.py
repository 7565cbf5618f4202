"""Stage 1 of SCENARIO.md's refusal order: the command models (what routes, `/v1/batch` and the
attendance sheet validate), never a decider."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_attendance.domain import (
    COMMANDS,
    ORGANISATION_COMMANDS,
    DeclareOpenDay,
    DeclareTrainerHours,
    Enrol,
    Malformed,
    ProfileFields,
    RecordAttendance,
    RecordOutcome,
    RecordSatisfaction,
    Suspend,
    parse_command,
    parse_record,
)
from pacte_contracts.codes import PriorityPublic, RejectionReason

HOURS = {"session_id": "S-1", "trainer_id": "F-A", "date": "2019-09-23", "hours": 7}
ATTENDANCE = {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23", "hours_present": 7.5,
              "absence": None}
PROFILE = {"age_band": "<26", "qualification": "below_bac", "jobseeker_registered": True}
#: A valid line of every command (SCENARIO.md's fields).
VALID: dict[str, dict[str, Any]] = {
    "session.open_day": {"session_id": "S-1", "date": "2019-09-23"},
    "session.open_day_withdraw": {"session_id": "S-1", "date": "2019-09-23"},
    "trainer.hours": HOURS,
    "trainee.enrol": {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23", "profile": PROFILE},
    "trainee.enrol_cancel": {"session_id": "S-1", "trainee_id": "TR-1"},
    "attendance.record": ATTENDANCE,
    "trainee.suspend": {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23", "reason": "job"},
    "trainee.resume": {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23"},
    "trainee.dropout": {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23", "reason": "other"},
    "trainee.complete": {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23", "certification": "full"},
    "satisfaction.record": {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23", "score": 4},
    "outcome.record": {"session_id": "S-1", "trainee_id": "TR-1", "months_after_exit": 6,
                       "observed_on": "2020-04-04", "status": "unknown"},
}


def malformed(model: Any, payload: Any) -> bool:
    parsed = parse_command(model, payload)
    return isinstance(parsed, Malformed) and parsed.rejection.reason is RejectionReason.INVALID


def test_every_command_of_the_scenario_table_has_a_model() -> None:
    assert set(COMMANDS) == set(VALID)
    assert set(VALID) - {"outcome.record"} == ORGANISATION_COMMANDS
    for name, line in VALID.items():
        assert isinstance(parse_command(COMMANDS[name], {"cmd": name, **line}), COMMANDS[name]), name


def test_trainer_hours_parse_to_exact_decimals() -> None:
    assert parse_command(DeclareTrainerHours, {**HOURS, "hours": 2.5}) == DeclareTrainerHours(
        session_id="S-1", trainer_id="F-A", date=date(2019, 9, 23), hours=Decimal("2.5"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(7, "7"), (7.0, "7"), (7.10, "7.1"), (3.25, "3.25"), (Decimal("7.500"), "7.5"), (-0.0, "0"), (-2, "-2")],
)
def test_hours_are_normalised(raw: Any, expected: str) -> None:
    parsed = parse_command(DeclareTrainerHours, {**HOURS, "hours": raw})
    assert isinstance(parsed, DeclareTrainerHours)
    assert str(parsed.hours) == expected


@pytest.mark.parametrize(
    "hours", [7.125, 3.125, Decimal("0.001"), "7", True, False, None, float("nan"), float("inf"), [7]]
)
def test_malformed_hours_are_invalid(hours: Any) -> None:
    assert malformed(DeclareTrainerHours, {**HOURS, "hours": hours})


@given(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_any_two_decimal_value_round_trips_through_json_floats(value: Decimal) -> None:
    parsed = parse_command(RecordAttendance, {**ATTENDANCE, "hours_present": float(value)})
    assert isinstance(parsed, RecordAttendance)
    assert parsed.hours_present == value


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_a_third_decimal_is_always_invalid(units: int, third: int) -> None:
    value = Decimal(units) / 100 + Decimal(third) / 1000
    assert malformed(RecordAttendance, {**ATTENDANCE, "hours_present": value})


@pytest.mark.parametrize(
    "day",
    ["2019-9-23", "23/09/2019", "20190923", "2019-02-30", "2019-09-23T00:00", " 2019-09-23", 20190923, None, ""],
)
def test_dates_must_be_strict_iso_calendar_dates(day: Any) -> None:
    assert malformed(DeclareOpenDay, {"session_id": "S-1", "date": day})


@pytest.mark.parametrize("name", sorted(VALID))
def test_every_command_needs_its_session_id(name: str) -> None:
    assert malformed(COMMANDS[name], {"cmd": name})
    assert malformed(COMMANDS[name], {k: v for k, v in VALID[name].items() if k != "session_id"})


@pytest.mark.parametrize("field", ["session_id", "trainee_id", "date", "hours_present", "absence"])
def test_a_missing_field_is_invalid(field: str) -> None:
    assert malformed(RecordAttendance, {k: v for k, v in ATTENDANCE.items() if k != field})


@pytest.mark.parametrize("session_id", [12, None, "", "  "])
def test_ids_must_be_non_empty_strings(session_id: Any) -> None:
    assert malformed(DeclareOpenDay, {"session_id": session_id, "date": "2019-09-23"})


@pytest.mark.parametrize(("name", "field"), [(name, field) for name, line in sorted(VALID.items())
                                             for field, value in line.items() if isinstance(value, str)])
def test_an_empty_string_where_a_string_is_due_is_invalid(name: str, field: str) -> None:
    """Version 2 of SCENARIO.md: stage 1, before `unknown_session` and the codes of stage 3."""
    assert malformed(COMMANDS[name], {**VALID[name], field: ""})


def test_a_non_object_payload_is_invalid() -> None:
    assert malformed(DeclareOpenDay, ["S-1"])


def test_unknown_codes_are_kept_raw_for_stage_three() -> None:
    parsed = parse_command(RecordAttendance, {**ATTENDANCE, "absence": "teleported"})
    assert isinstance(parsed, RecordAttendance) and parsed.absence == "teleported"


def test_absence_must_be_a_string_or_null() -> None:
    assert malformed(RecordAttendance, {**ATTENDANCE, "absence": 1})


@pytest.mark.parametrize("score", [4.5, 4.0, "4", True, None])
def test_score_must_be_a_json_integer(score: Any) -> None:
    assert malformed(RecordSatisfaction, {**VALID["satisfaction.record"], "score": score})


def test_out_of_range_score_is_left_to_stage_three() -> None:
    assert isinstance(parse_command(RecordSatisfaction, {**VALID["satisfaction.record"], "score": 9}),
                      RecordSatisfaction)


@pytest.mark.parametrize("profile", [
    "below_bac", {}, {**PROFILE, "age_band": 25}, {k: v for k, v in PROFILE.items() if k != "qualification"},
    {**PROFILE, "jobseeker_registered": "yes"}, {k: v for k, v in PROFILE.items() if k != "jobseeker_registered"},
    {**PROFILE, "qpv": 1}, {**PROFILE, "disability": None}, {**PROFILE, "age_band": ""},
])
def test_the_profile_shape_is_stage_one(profile: Any) -> None:
    assert malformed(Enrol, {**VALID["trainee.enrol"], "profile": profile})


def test_the_profile_keeps_only_its_coarse_fields_and_is_immutable() -> None:
    profile = {**PROFILE, "name": "Jeanne", "neet": True}
    parsed = parse_command(Enrol, {**VALID["trainee.enrol"], "profile": profile})
    assert isinstance(parsed, Enrol)
    profile["age_band"] = "45+"
    assert parsed.profile.age_band == "<26" and not hasattr(parsed.profile, "name")
    assert parsed.profile.priority_publics() == frozenset({PriorityPublic.NEET})
    assert {f for f in ProfileFields.model_fields if f not in ("age_band", "qualification", "jobseeker_registered",
                                                              "person_ref")} == set(PriorityPublic)


def test_a_person_ref_is_optional_and_compared_without_blanks_or_case() -> None:
    without = parse_command(Enrol, VALID["trainee.enrol"])
    assert isinstance(without, Enrol) and without.profile.person_ref is None
    parsed = parse_command(Enrol, {**VALID["trainee.enrol"], "profile": {**PROFILE, "person_ref": " 1234567a "}})
    assert isinstance(parsed, Enrol) and parsed.profile.person_ref == "1234567A"


@pytest.mark.parametrize("person_ref", ["", "   ", 1234567, "x" * 65])
def test_a_person_ref_must_be_a_short_non_blank_string(person_ref: Any) -> None:
    assert malformed(Enrol, {**VALID["trainee.enrol"], "profile": {**PROFILE, "person_ref": person_ref}})


def test_outcome_months_must_be_an_integer_but_range_is_stage_three() -> None:
    assert malformed(RecordOutcome, {**VALID["outcome.record"], "months_after_exit": "6"})
    assert isinstance(parse_command(RecordOutcome, {**VALID["outcome.record"], "months_after_exit": 7}),
                      RecordOutcome)


def test_an_attestation_reference_is_a_short_string_or_null() -> None:
    line = VALID["trainee.suspend"]
    assert isinstance(parse_command(Suspend, {**line, "skills_attestation_ref": None}), Suspend)
    assert malformed(Suspend, {**line, "skills_attestation_ref": "x" * 201})
    assert malformed(Suspend, {**line, "skills_attestation_ref": 42})


def test_batch_records_name_an_allowed_command() -> None:
    assert isinstance(parse_record({"cmd": "attendance.record", **ATTENDANCE}, ORGANISATION_COMMANDS),
                      RecordAttendance)
    unknown = parse_record({"cmd": "attendance.delete", **ATTENDANCE}, ORGANISATION_COMMANDS)
    assert isinstance(unknown, Malformed) and unknown.name == "unknown"
    back_office = parse_record({"cmd": "outcome.record", **VALID["outcome.record"]}, ORGANISATION_COMMANDS)
    assert isinstance(back_office, Malformed) and back_office.rejection.reason is RejectionReason.INVALID
    assert isinstance(parse_record("not an object", ORGANISATION_COMMANDS), Malformed)
    bad = parse_record({"cmd": "attendance.record", **ATTENDANCE, "hours_present": "7"}, ORGANISATION_COMMANDS)
    assert isinstance(bad, Malformed) and bad.name == "attendance.record"
    assert bad.rejection.errors[0]["field"] == "hours_present"


def test_details_never_echo_the_values_sent() -> None:
    """A detail is stored under the Idempotency-Key and may be logged: no trainee id in it."""
    bad = parse_command(RecordAttendance, {**ATTENDANCE, "trainee_id": "SSN-1850399123456", "date": "x"})
    assert isinstance(bad, Malformed) and "SSN" not in str(bad.rejection)
