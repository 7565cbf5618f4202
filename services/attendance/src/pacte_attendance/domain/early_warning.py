"""Early dropout warning (issue 22): for a session of 300 hours and more, a trainee whose recent
attendance shows a pathway at risk is warned, and the warning clears when attendance recovers.

The window is the last `window_days` planned days of the session on or after the trainee's enrolment
and on or before the newest day recorded for them (docs/decisions.md). Over it, the warning holds when
- `unjustified` absences number at least `unjustified_absences`, or
- `consecutive_absences` days in a row carry an absence (justified or not), or
- the hours present fall below `min_attended_ratio` of the hours planned (a planned day without a
  record counts as 0 hours present, not as an absence).
It is judged only once the window is full, and only while the trainee has not left the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacte_contracts.codes import Absence


@dataclass(frozen=True, slots=True)
class WarningRules:
    """The thresholds, set in configuration (`PACTE_WARNING_*`, `EarlyWarningSettings`)."""

    min_session_hours: Decimal = Decimal(300)
    window_days: int = 5
    unjustified_absences: int = 2
    consecutive_absences: int = 3
    min_attended_ratio: Decimal = Decimal("0.5")


@dataclass(frozen=True, slots=True)
class DayRecord:
    hours_present: Decimal
    absence: Absence | None


#: Why a warning holds; a stable code, in the order they are checked.
UNJUSTIFIED = "unjustified_absences"
CONSECUTIVE = "consecutive_absences"
LOW_ATTENDANCE = "low_attendance"


def session_hours(planned_days: int, hours_per_day: Decimal) -> Decimal:
    return planned_days * hours_per_day


def watched(planned_days: int, hours_per_day: Decimal, rules: WarningRules) -> bool:
    """Only long courses are watched (planned days × hours per day ≥ the threshold)."""
    return session_hours(planned_days, hours_per_day) >= rules.min_session_hours


def window(planned_days: frozenset[date], enrolled_on: date, records: Mapping[date, DayRecord],
           rules: WarningRules) -> list[date]:
    """The planned days judged: the last `window_days` from the enrolment to the newest record."""
    if not records:
        return []
    newest = max(records)
    days = sorted(d for d in planned_days if enrolled_on <= d <= newest)
    return days[-rules.window_days:] if len(days) >= rules.window_days else []


def reasons(planned_days: frozenset[date], hours_per_day: Decimal, enrolled_on: date,
            records: Mapping[date, DayRecord], rules: WarningRules) -> list[str]:
    """Why the trainee is warned now; empty when they are not (or not yet judged)."""
    days = window(planned_days, enrolled_on, records, rules)
    if not days:
        return []
    found: list[str] = []
    absences = [records[d].absence if d in records else None for d in days]
    if sum(1 for a in absences if a is Absence.UNJUSTIFIED) >= rules.unjustified_absences:
        found.append(UNJUSTIFIED)
    run = longest = 0
    for absence in absences:
        run = run + 1 if absence is not None else 0
        longest = max(longest, run)
    if longest >= rules.consecutive_absences:
        found.append(CONSECUTIVE)
    present = sum((records[d].hours_present for d in days if d in records), Decimal(0))
    if present < rules.min_attended_ratio * hours_per_day * len(days):
        found.append(LOW_ATTENDANCE)
    return found


@dataclass(frozen=True, slots=True)
class Watched:
    """One stay as the warning reads it, with its open warning if any."""

    planned_days: frozenset[date]
    hours_per_day: Decimal
    enrolled_on: date
    status: str  # the stay's status, or `cancelled`
    records: Mapping[date, DayRecord]
    warned: bool  # a warning of this stay is open
    ever_warned: bool = False  # a warning of this stay was ever raised (its exit measures the precision)
    exited_on: date | None = None


RAISE, CLEAR, CLOSE, FORGET = "raise", "clear", "close", "forget"


def next_step(stay: Watched, rules: WarningRules) -> tuple[str, list[str]] | None:
    """What happens to the stay's warning: raised (with its reasons), cleared (attendance recovered),
    closed by the trainee's exit (completed or dropped out: the warning's outcome), forgotten (the
    enrolment was cancelled: it never existed), or nothing."""
    if stay.status == "cancelled":
        return (FORGET, []) if stay.warned else None
    if stay.status in ("completed", "dropped_out"):
        return (CLOSE, []) if stay.warned else None
    if not watched(len(stay.planned_days), stay.hours_per_day, rules):
        return None
    found = reasons(stay.planned_days, stay.hours_per_day, stay.enrolled_on, stay.records, rules)
    if found and not stay.warned:
        return RAISE, found
    if not found and stay.warned:
        return CLEAR, []
    return None
