"""Level-1 (structural) checks of the parse_* functions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_attendance.domain import (
    PARSERS,
    ParsedAttendance,
    ParsedEnrol,
    ParsedOutcome,
    ParsedSatisfaction,
    ParsedTrainerHours,
    Rejection,
    parse_attendance,
    parse_enrol,
    parse_open_day,
    parse_outcome,
    parse_satisfaction,
    parse_trainer_hours,
)
from pacte_contracts.codes import RejectionReason

HOURS = {"session_id": "S-1", "trainer_id": "F-A", "date": "2019-09-23", "hours": 7}
ATTENDANCE = {
    "session_id": "S-1",
    "trainee_id": "TR-1",
    "date": "2019-09-23",
    "hours_present": 7.5,
    "absence": None,
}


def _invalid(outcome: object) -> bool:
    return isinstance(outcome, Rejection) and outcome.reason is RejectionReason.INVALID


def test_trainer_hours_parse_to_exact_decimals() -> None:
    parsed = parse_trainer_hours({**HOURS, "hours": 2.5})
    assert parsed == ParsedTrainerHours("S-1", "F-A", date(2019, 9, 23), Decimal("2.5"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(7, "7"), (7.0, "7"), (7.10, "7.1"), (3.25, "3.25"), (Decimal("7.500"), "7.5"), (-0.0, "0"), (-2, "-2")],
)
def test_hours_are_normalised(raw: Any, expected: str) -> None:
    parsed = parse_trainer_hours({**HOURS, "hours": raw})
    assert isinstance(parsed, ParsedTrainerHours)
    assert str(parsed.hours) == expected


@pytest.mark.parametrize(
    "hours", [7.125, 3.125, Decimal("0.001"), "7", True, False, None, float("nan"), float("inf"), [7]]
)
def test_malformed_hours_are_invalid(hours: Any) -> None:
    assert _invalid(parse_trainer_hours({**HOURS, "hours": hours}))


@given(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_any_two_decimal_value_round_trips_through_json_floats(value: Decimal) -> None:
    parsed = parse_attendance({**ATTENDANCE, "hours_present": float(value)})
    assert isinstance(parsed, ParsedAttendance)
    assert parsed.hours_present == value


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_a_third_decimal_is_always_invalid(units: int, third: int) -> None:
    value = Decimal(units) / 100 + Decimal(third) / 1000
    assert _invalid(parse_attendance({**ATTENDANCE, "hours_present": value}))


@pytest.mark.parametrize(
    "day",
    ["2019-9-23", "23/09/2019", "20190923", "2019-02-30", "2019-09-23T00:00", " 2019-09-23", 20190923, None],
)
def test_dates_must_be_strict_iso_calendar_dates(day: Any) -> None:
    assert _invalid(parse_open_day({"session_id": "S-1", "date": day}))


@pytest.mark.parametrize("cmd", sorted(PARSERS))
def test_every_command_needs_its_session_id(cmd: str) -> None:
    assert _invalid(PARSERS[cmd]({"cmd": cmd}))


@pytest.mark.parametrize("field", ["session_id", "trainee_id", "date", "hours_present", "absence"])
def test_a_missing_field_is_invalid(field: str) -> None:
    payload = {k: v for k, v in ATTENDANCE.items() if k != field}
    assert _invalid(parse_attendance(payload))


@pytest.mark.parametrize("session_id", [12, None, "", "  "])
def test_ids_must_be_non_empty_strings(session_id: Any) -> None:
    assert _invalid(parse_open_day({"session_id": session_id, "date": "2019-09-23"}))


def test_a_non_object_payload_is_invalid() -> None:
    assert _invalid(parse_open_day(["S-1"]))  # type: ignore[arg-type]


def test_unknown_codes_are_kept_raw_for_level_three() -> None:
    parsed = parse_attendance({**ATTENDANCE, "absence": "teleported"})
    assert isinstance(parsed, ParsedAttendance)
    assert parsed.absence == "teleported"


def test_absence_must_be_a_string_or_null() -> None:
    assert _invalid(parse_attendance({**ATTENDANCE, "absence": 1}))


@pytest.mark.parametrize("score", [4.5, "4", True, None])
def test_score_must_be_a_json_integer(score: Any) -> None:
    payload = {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23", "score": score}
    assert _invalid(parse_satisfaction(payload))


def test_out_of_range_score_is_left_to_level_three() -> None:
    payload = {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23", "score": 9}
    assert isinstance(parse_satisfaction(payload), ParsedSatisfaction)


def test_enrol_profile_must_be_an_object_and_is_copied() -> None:
    base = {"session_id": "S-1", "trainee_id": "TR-1", "date": "2019-09-23"}
    assert _invalid(parse_enrol({**base, "profile": "below_bac"}))
    profile = {"age_band": "<26"}
    parsed = parse_enrol({**base, "profile": profile})
    assert isinstance(parsed, ParsedEnrol)
    profile["age_band"] = "45+"
    assert parsed.profile["age_band"] == "<26"


def test_outcome_months_must_be_an_integer_but_range_is_level_three() -> None:
    base = {"session_id": "S-1", "trainee_id": "TR-1", "observed_on": "2020-04-04", "status": "unknown"}
    assert _invalid(parse_outcome({**base, "months_after_exit": "6"}))
    assert isinstance(parse_outcome({**base, "months_after_exit": 7}), ParsedOutcome)
