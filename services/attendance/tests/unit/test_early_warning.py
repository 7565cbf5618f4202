"""Early dropout warning: the rule on attendance streams with known answers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pacte_attendance.domain.early_warning import (
    CLEAR,
    CLOSE,
    CONSECUTIVE,
    FORGET,
    LOW_ATTENDANCE,
    RAISE,
    UNJUSTIFIED,
    DayRecord,
    WarningRules,
    Watched,
    next_step,
    reasons,
    watched,
)
from pacte_contracts.codes import Absence

RULES = WarningRules()
MONDAY = date(2020, 1, 6)
#: Weekdays of 8 weeks: 40 planned days of 7.5 hours = 300 hours, the smallest watched session.
PLANNED = frozenset(MONDAY + timedelta(days=w * 7 + d) for w in range(8) for d in range(5))
HOURS = Decimal("7.5")
FULL, HALF, NONE = DayRecord(HOURS, None), DayRecord(Decimal("3.75"), None), DayRecord(Decimal(0), None)
JUSTIFIED, UNJUSTIFIED_DAY = DayRecord(Decimal(0), Absence.JUSTIFIED), DayRecord(Decimal(0), Absence.UNJUSTIFIED)
DAYS = sorted(PLANNED)


def stream(*records: DayRecord, start: int = 0) -> dict[date, DayRecord]:
    """Records on consecutive planned days from the `start`-th one."""
    return {DAYS[start + i]: record for i, record in enumerate(records)}


def judged(records: dict[date, DayRecord], enrolled_on: date = MONDAY) -> list[str]:
    return reasons(PLANNED, HOURS, enrolled_on, records, RULES)


def test_only_sessions_of_300_hours_and_more_are_watched() -> None:
    assert watched(40, Decimal("7.5"), RULES) and not watched(39, Decimal("7.5"), RULES)


@pytest.mark.parametrize(("records", "expected"), [
    ((FULL, FULL, FULL, FULL, FULL), []),
    ((FULL, UNJUSTIFIED_DAY, FULL, UNJUSTIFIED_DAY, FULL), [UNJUSTIFIED]),
    ((FULL, UNJUSTIFIED_DAY, FULL, JUSTIFIED, FULL), []),  # one unjustified, one justified, not in a row
    ((FULL, JUSTIFIED, JUSTIFIED, JUSTIFIED, FULL), [CONSECUTIVE, LOW_ATTENDANCE]),  # 2 of 5 days present
    ((FULL, FULL, JUSTIFIED, JUSTIFIED, FULL), []),  # two in a row: not three
    ((HALF, HALF, HALF, HALF, HALF), []),  # exactly 50 %: not below
    ((HALF, HALF, HALF, HALF, DayRecord(Decimal("3.5"), None)), [LOW_ATTENDANCE]),
    ((NONE, NONE, NONE, FULL, FULL), [LOW_ATTENDANCE]),  # 0 hours without an absence code: not an absence
    ((UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, FULL, FULL), [UNJUSTIFIED, CONSECUTIVE, LOW_ATTENDANCE]),
])
def test_the_last_five_planned_days(records: tuple[DayRecord, ...], expected: list[str]) -> None:
    assert judged(stream(*records, start=3)) == expected


def test_only_the_last_five_days_count_so_the_warning_clears_when_attendance_recovers() -> None:
    bad = stream(FULL, UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, FULL, FULL)
    assert judged(bad) == [UNJUSTIFIED]
    recovering = {**bad, **stream(FULL, start=5)}  # days 1 to 5: both unjustified days still in the window
    assert judged(recovering) == [UNJUSTIFIED]
    recovered = {**recovering, **stream(FULL, start=6)}  # days 2 to 6: one left
    assert judged(recovered) == []


def test_a_missing_day_inside_the_window_is_zero_hours_present() -> None:
    records = stream(FULL, FULL, FULL, FULL, FULL)
    del records[DAYS[2]]
    del records[DAYS[3]]
    assert judged(records) == []  # 22.5 of 37.5 hours planned: 60 %
    del records[DAYS[1]]
    assert judged(records) == [LOW_ATTENDANCE]  # 15 of 37.5 hours: 40 %


def test_nobody_is_judged_before_five_planned_days_since_the_enrolment() -> None:
    assert judged(stream(UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, start=10), DAYS[10]) == []
    assert judged(stream(UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, FULL, FULL, start=10), DAYS[10]) == [
        UNJUSTIFIED, CONSECUTIVE, LOW_ATTENDANCE]


def test_the_thresholds_are_configuration() -> None:
    lenient = WarningRules(unjustified_absences=3, consecutive_absences=4, min_attended_ratio=Decimal("0.2"))
    records = stream(FULL, UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, UNJUSTIFIED_DAY, FULL)
    assert judged(records) == [UNJUSTIFIED, CONSECUTIVE, LOW_ATTENDANCE]  # 15 of 37.5 hours
    assert reasons(PLANNED, HOURS, MONDAY, records, lenient) == [UNJUSTIFIED]


def _stay(records: dict[date, DayRecord], *, status: str = "enrolled", warned: bool = False,
          planned: frozenset[date] = PLANNED) -> Watched:
    return Watched(planned, HOURS, MONDAY, status, records, warned)


BAD = stream(FULL, UNJUSTIFIED_DAY, FULL, UNJUSTIFIED_DAY, FULL)
GOOD = stream(FULL, FULL, FULL, FULL, FULL)


def test_a_warning_is_raised_once_cleared_on_recovery_and_closed_or_forgotten_with_the_stay() -> None:
    assert next_step(_stay(BAD), RULES) == (RAISE, [UNJUSTIFIED])
    assert next_step(_stay(BAD, warned=True), RULES) is None  # still holds: nothing new
    assert next_step(_stay(GOOD, warned=True), RULES) == (CLEAR, [])
    assert next_step(_stay(GOOD), RULES) is None
    assert next_step(_stay(BAD, status="dropped_out", warned=True), RULES) == (CLOSE, [])
    assert next_step(_stay(BAD, status="completed"), RULES) is None
    assert next_step(_stay(BAD, status="cancelled", warned=True), RULES) == (FORGET, [])


def test_a_short_session_is_never_warned() -> None:
    short = frozenset(DAYS[:39])  # 292.5 hours
    assert next_step(_stay(BAD, planned=short), RULES) is None
