"""What a decider accepted: the command's values, checked and typed (codes as enums).

They carry no trainee identity: whoever asked for the decision knows whose stay it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacte_attendance.domain.model import Profile
from pacte_contracts.codes import Absence, Certification, DropoutReason, OutcomeStatus


@dataclass(frozen=True, slots=True)
class AcceptedOpenDay:
    date: date


@dataclass(frozen=True, slots=True)
class AcceptedOpenDayWithdrawal:
    date: date


@dataclass(frozen=True, slots=True)
class AcceptedTrainerHours:
    trainer_id: str
    date: date
    hours: Decimal


@dataclass(frozen=True, slots=True)
class AcceptedEnrolment:
    date: date
    profile: Profile
    #: True when an enrolled, active trainee's enrolment is re-sent: date and profile replace
    #: the earlier ones and the session's head count does not grow.
    is_replacement: bool


@dataclass(frozen=True, slots=True)
class AcceptedCancellation:
    """The enrolment never existed: its stay and every declaration of it are withdrawn."""


@dataclass(frozen=True, slots=True)
class AcceptedAttendance:
    date: date
    hours_present: Decimal
    absence: Absence | None


@dataclass(frozen=True, slots=True)
class AcceptedSuspension:
    date: date
    reason: str


@dataclass(frozen=True, slots=True)
class AcceptedResumption:
    date: date


@dataclass(frozen=True, slots=True)
class AcceptedDropout:
    date: date
    reason: DropoutReason


@dataclass(frozen=True, slots=True)
class AcceptedCompletion:
    date: date
    certification: Certification


@dataclass(frozen=True, slots=True)
class AcceptedSatisfaction:
    date: date
    score: int


@dataclass(frozen=True, slots=True)
class AcceptedOutcome:
    months_after_exit: int
    observed_on: date
    status: OutcomeStatus


#: Facts that move a trainee's stay along its lifecycle (DOMAIN.md).
StayMove = AcceptedEnrolment | AcceptedSuspension | AcceptedResumption | AcceptedDropout | AcceptedCompletion
TraineeFact = StayMove | AcceptedAttendance | AcceptedSatisfaction | AcceptedOutcome
