"""What the what-if reads of a session: its order's terms, its stays and, per day, what was declared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacte_contracts.codes import BillingUnit

#: The three units, in the order pages and answers show them.
UNITS: tuple[BillingUnit, ...] = (BillingUnit.OPENING_DAY, BillingUnit.TRAINER_HOUR, BillingUnit.TRAINEE_HOUR)


@dataclass(frozen=True, slots=True)
class OrderTerms:
    order_id: str
    lot_id: str
    billing_unit: BillingUnit
    unit_price_cents: int


@dataclass(frozen=True, slots=True)
class StaySpan:
    """A trainee's stay as it stands (a cancelled enrolment never existed and is not one)."""

    enrolled_on: date
    exited_on: date | None
    dropped_out: bool


@dataclass(frozen=True, slots=True)
class SessionDay:
    """One day of a session as declared now (each key's newest revision).

    ``attendance_records`` counts the records standing that day, absences (0 hours) included;
    ``trainees_present`` those with more than 0 hours."""

    day: date
    declared_open: bool = False
    attendance_records: int = 0
    trainees_present: int = 0
    hours_present: Decimal = Decimal(0)
    trainer_hours: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class SessionFacts:
    session_id: str
    order: OrderTerms
    stays: tuple[StaySpan, ...]
    days: tuple[SessionDay, ...]

    def held(self, day: SessionDay) -> bool:
        """Whether the session ran that day. A lot billed by opening day says so by declaring the day
        open (what its invoices count); other lots declare no open days, so a day with an attendance
        record or trainer hours is a day the session was held (records fall on planned days only)."""
        if self.order.billing_unit == BillingUnit.OPENING_DAY:
            return day.declared_open
        return day.attendance_records > 0 or day.trainer_hours > 0


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
