"""What the attendance rules read: a session, a trainee's stay, a profile (plain values, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pacte_contracts.codes import AgeBand, PriorityPublic, Qualification
from pacte_contracts.rules import active_on

TraineeStatus = Literal["enrolled", "suspended", "completed", "dropped_out"]

#: Statuses after an exit: BILLING.md makes an exit final.
EXITED_STATUSES: frozenset[TraineeStatus] = frozenset({"completed", "dropped_out"})

#: BILLING.md: one trainer may not be declared for more than this over one day, all sessions of
#: the organisation together.
TRAINER_DAILY_CAP_HOURS = Decimal(10)


@dataclass(frozen=True, slots=True)
class SessionView:
    """What attendance knows of a scheduled session (from procurement's events).

    `holder_org_id` is the lot holder, i.e. the grouping's lead member: only it declares.
    """

    session_id: str
    order_id: str
    lot_id: str
    holder_org_id: str
    starts_on: date
    ends_on: date
    planned_days: frozenset[date]
    hours_per_day: Decimal
    capacity: int
    cancelled: bool


@dataclass(frozen=True, slots=True)
class TraineeStay:
    """One trainee's enrolment in one session and where it stands (a cancelled one is no stay)."""

    enrolled_on: date
    status: TraineeStatus
    exited_on: date | None = None
    suspended_on: date | None = None

    @property
    def has_exited(self) -> bool:
        return self.status in EXITED_STATUSES

    def is_active_on(self, day: date) -> bool:
        """BILLING.md "Who is active": a suspended trainee stays active, the exit day still counts."""
        return active_on(self.enrolled_on, self.exited_on, day)


@dataclass(frozen=True, slots=True)
class Profile:
    """The coarse profile DOMAIN.md allows us to keep (no name, birth date or address)."""

    age_band: AgeBand
    qualification: Qualification
    jobseeker_registered: bool
    priority_publics: frozenset[PriorityPublic]
