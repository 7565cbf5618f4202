"""What each unit would count, per order and month, from a session's facts (BILLING.md "What each
billing unit pays"), and what moved the month: trainee-days, absences, entries and dropouts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal

from pacte_contracts.codes import BillingUnit
from pacte_contracts.rules import active_on

from .facts import SessionDay, SessionFacts, period_of


@dataclass(frozen=True, slots=True)
class MonthCounts:
    """One order's (or a scope's) month. Every field adds up across sessions and orders."""

    opening_days: int = 0
    trainer_hours: Decimal = Decimal(0)
    trainee_hours: Decimal = Decimal(0)
    #: (trainee, held day) pairs with the trainee active, and those with no hour present (absent).
    trainee_days: int = 0
    absent_days: int = 0
    entries: int = 0
    dropouts: int = 0

    def __add__(self, other: MonthCounts) -> MonthCounts:
        return MonthCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def quantity(self, unit: BillingUnit) -> Decimal:
        return {BillingUnit.OPENING_DAY: Decimal(self.opening_days), BillingUnit.TRAINER_HOUR: self.trainer_hours,
                BillingUnit.TRAINEE_HOUR: self.trainee_hours}[unit]


def _day(session: SessionFacts, day: SessionDay) -> MonthCounts:
    held = session.held(day)
    active = sum(1 for s in session.stays if active_on(s.enrolled_on, s.exited_on, day.day)) if held else 0
    return MonthCounts(
        # An open day is billable when someone is active on it (BILLING.md "Who is active").
        opening_days=1 if held and active else 0,
        trainer_hours=day.trainer_hours,
        trainee_hours=day.hours_present,
        trainee_days=active,
        absent_days=max(0, active - day.trainees_present),
    )


def session_months(session: SessionFacts) -> dict[str, MonthCounts]:
    """The session's counts per month (the period of each fact's business date)."""
    months: dict[str, MonthCounts] = defaultdict(MonthCounts)
    for day in session.days:
        months[period_of(day.day)] += _day(session, day)
    for stay in session.stays:
        months[period_of(stay.enrolled_on)] += MonthCounts(entries=1)
        if stay.dropped_out and stay.exited_on is not None:
            months[period_of(stay.exited_on)] += MonthCounts(dropouts=1)
    return dict(months)


def order_months(sessions: Iterable[SessionFacts]) -> dict[tuple[str, str], MonthCounts]:
    """Counts per (order, month), summed over the order's sessions."""
    out: dict[tuple[str, str], MonthCounts] = defaultdict(MonthCounts)
    for session in sessions:
        for period, counts in session_months(session).items():
            out[session.order.order_id, period] += counts
    return dict(out)


def covered(session: SessionFacts, unit: BillingUnit) -> bool:
    """Whether the session declared what ``unit`` counts: a lot not billed in trainer hours has no
    reason to declare them, so its trainer-hour figure says nothing about the hours its trainers gave."""
    if unit == BillingUnit.OPENING_DAY:
        return any(session.held(d) for d in session.days)
    if unit == BillingUnit.TRAINER_HOUR:
        return any(d.trainer_hours > 0 for d in session.days)
    return any(d.attendance_records > 0 for d in session.days)
