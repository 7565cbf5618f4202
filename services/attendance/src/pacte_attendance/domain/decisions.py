"""Phase 2: deciding whether a parsed command is accepted (precedence levels 2 to 4).

Each `decide_*` function applies SCENARIO.md's "Refusals" order after the structural parse:

2. `unknown_session` → `forbidden` → `session_cancelled` → `trainee_not_enrolled`;
3. `invalid` for values out of range or unknown codes;
4. `day_not_planned` → `hours_over_daily_cap` → `trainee_not_active` → `session_full`.

They read only their arguments: the service layer supplies the session, the trainee's stay and
any aggregate the rule needs, so the rules stay testable without storage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from pacte_attendance.domain.commands import (
    ParsedAttendance,
    ParsedComplete,
    ParsedDropout,
    ParsedEnrol,
    ParsedOpenDay,
    ParsedOutcome,
    ParsedResume,
    ParsedSatisfaction,
    ParsedSuspend,
    ParsedTrainerHours,
)
from pacte_attendance.domain.model import (
    TRAINER_DAILY_CAP_HOURS,
    Profile,
    Rejection,
    SessionView,
    TraineeStay,
)
from pacte_contracts.codes import (
    Absence,
    AgeBand,
    Certification,
    DropoutReason,
    OutcomeStatus,
    PriorityPublic,
    Qualification,
    RejectionReason,
)

_E = TypeVar("_E", bound=StrEnum)

SCORE_MIN = 1
SCORE_MAX = 5
OUTCOME_MONTHS = frozenset({6, 12})


# --- accepted facts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcceptedOpenDay:
    session_id: str
    date: date


@dataclass(frozen=True, slots=True)
class AcceptedTrainerHours:
    session_id: str
    trainer_id: str
    date: date
    hours: Decimal


@dataclass(frozen=True, slots=True)
class AcceptedEnrolment:
    session_id: str
    trainee_id: str
    date: date
    profile: Profile
    #: True when an enrolled, active trainee's enrolment is re-sent: date and profile replace
    #: the earlier ones and the session's head count does not grow.
    is_replacement: bool


@dataclass(frozen=True, slots=True)
class AcceptedAttendance:
    session_id: str
    trainee_id: str
    date: date
    hours_present: Decimal
    absence: Absence | None


@dataclass(frozen=True, slots=True)
class AcceptedSuspension:
    session_id: str
    trainee_id: str
    date: date
    reason: str


@dataclass(frozen=True, slots=True)
class AcceptedResumption:
    session_id: str
    trainee_id: str
    date: date


@dataclass(frozen=True, slots=True)
class AcceptedDropout:
    session_id: str
    trainee_id: str
    date: date
    reason: DropoutReason


@dataclass(frozen=True, slots=True)
class AcceptedCompletion:
    session_id: str
    trainee_id: str
    date: date
    certification: Certification


@dataclass(frozen=True, slots=True)
class AcceptedSatisfaction:
    session_id: str
    trainee_id: str
    date: date
    score: int


@dataclass(frozen=True, slots=True)
class AcceptedOutcome:
    session_id: str
    trainee_id: str
    months_after_exit: int
    observed_on: date
    status: OutcomeStatus


TraineeFact = (
    AcceptedEnrolment
    | AcceptedAttendance
    | AcceptedSuspension
    | AcceptedResumption
    | AcceptedDropout
    | AcceptedCompletion
    | AcceptedSatisfaction
    | AcceptedOutcome
)
AcceptedFact = AcceptedOpenDay | AcceptedTrainerHours | TraineeFact


# --- shared checks ----------------------------------------------------------------------------


def _invalid(detail: str) -> Rejection:
    return Rejection(RejectionReason.INVALID, detail)


def _session_gate(
    session_id: str, session: SessionView | None, caller_org_id: str | None, *, organisation_command: bool
) -> Rejection | None:
    """Level 2 for the session: unknown, then the caller, then cancellation.

    Back-office commands (`organisation_command=False`) carry no organisation credentials and
    are not bound by the organisation-side cancellation rule.
    """
    if session is None:
        return Rejection(RejectionReason.UNKNOWN_SESSION, f"no session {session_id!r}")
    if caller_org_id is not None and caller_org_id != session.holder_org_id:
        # Only the lot holder (the grouping's lead member) declares for the grouping.
        return Rejection(
            RejectionReason.FORBIDDEN, f"session {session_id!r} is not declared by {caller_org_id!r}"
        )
    if organisation_command and session.cancelled:
        return Rejection(RejectionReason.SESSION_CANCELLED, f"session {session_id!r} is cancelled")
    return None


def _trainee_gate(session: SessionView, trainee_id: str, stay: TraineeStay | None) -> Rejection | None:
    if stay is None:
        return Rejection(
            RejectionReason.TRAINEE_NOT_ENROLLED,
            f"trainee {trainee_id!r} is not enrolled in session {session.session_id!r}",
        )
    return None


def _code(enum: type[_E], raw: str, what: str) -> _E | Rejection:
    try:
        return enum(raw)
    except ValueError:
        return _invalid(f"unknown {what} {raw!r}")


def _not_planned(session: SessionView, day: date) -> Rejection | None:
    if day not in session.planned_days:
        return Rejection(
            RejectionReason.DAY_NOT_PLANNED,
            f"{day.isoformat()} is not a planned day of session {session.session_id!r}",
        )
    return None


def _exited(stay: TraineeStay, trainee_id: str) -> Rejection | None:
    # BILLING.md: an exit is final; nothing may change the stay afterwards.
    if stay.has_exited:
        return Rejection(
            RejectionReason.TRAINEE_NOT_ACTIVE,
            f"trainee {trainee_id!r} has already left the session ({stay.status})",
        )
    return None


def _before_enrolment(stay: TraineeStay, day: date, what: str) -> Rejection | None:
    if day < stay.enrolled_on:
        return _invalid(
            f"{what} on {day.isoformat()} precedes the enrolment on {stay.enrolled_on.isoformat()}"
        )
    return None


def validate_profile(raw: Mapping[str, Any]) -> Profile | Rejection:
    """DOMAIN.md profile fields (a level-3 check).

    `age_band`, `qualification` and `jobseeker_registered` are required; each priority-public
    flag is optional and false when absent, but must be a boolean when present. Unknown keys are
    dropped: the profile keeps only the coarse fields the personal-data rules allow.
    """
    age_band_raw = raw.get("age_band")
    if not isinstance(age_band_raw, str):
        return _invalid("profile.age_band must be one of " + ", ".join(AgeBand))
    age_band = _code(AgeBand, age_band_raw, "profile.age_band")
    if isinstance(age_band, Rejection):
        return age_band
    qualification_raw = raw.get("qualification")
    if not isinstance(qualification_raw, str):
        return _invalid("profile.qualification must be one of " + ", ".join(Qualification))
    qualification = _code(Qualification, qualification_raw, "profile.qualification")
    if isinstance(qualification, Rejection):
        return qualification
    registered = raw.get("jobseeker_registered")
    if not isinstance(registered, bool):
        return _invalid("profile.jobseeker_registered must be a boolean")
    publics: set[PriorityPublic] = set()
    for flag in PriorityPublic:
        value = raw.get(flag.value, False)
        if not isinstance(value, bool):
            return _invalid(f"profile.{flag.value} must be a boolean")
        if value:
            publics.add(flag)
    return Profile(
        age_band=age_band,
        qualification=qualification,
        jobseeker_registered=registered,
        priority_publics=frozenset(publics),
    )


# --- decisions --------------------------------------------------------------------------------


def decide_open_day(
    parsed: ParsedOpenDay, caller_org_id: str, session: SessionView | None
) -> AcceptedOpenDay | Rejection:
    """A re-sent open day for the same (session, date) is accepted: it replaces the earlier one."""
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    refused = _not_planned(session, parsed.date)
    if refused is not None:
        return refused
    return AcceptedOpenDay(session_id=parsed.session_id, date=parsed.date)


def decide_trainer_hours(
    parsed: ParsedTrainerHours,
    caller_org_id: str,
    session: SessionView | None,
    other_hours_same_trainer_day: Decimal,
) -> AcceptedTrainerHours | Rejection:
    """Trainer hours for one day.

    `other_hours_same_trainer_day` is the sum of this trainer's hours on this date over every
    session of the same organisation, *excluding* the value stored for this exact
    (session, trainer, date) key: a re-send replaces it, so it must not count twice.
    """
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    if parsed.hours < 0:
        return _invalid("hours must not be negative")
    refused = _not_planned(session, parsed.date)
    if refused is not None:
        return refused
    total = other_hours_same_trainer_day + parsed.hours
    if total > TRAINER_DAILY_CAP_HOURS:
        # The whole declaration is refused, never cut down to the cap (BILLING.md).
        return Rejection(
            RejectionReason.HOURS_OVER_DAILY_CAP,
            f"trainer {parsed.trainer_id!r} would have {total} hours on {parsed.date.isoformat()}"
            f" (cap {TRAINER_DAILY_CAP_HOURS})",
        )
    return AcceptedTrainerHours(
        session_id=parsed.session_id, trainer_id=parsed.trainer_id, date=parsed.date, hours=parsed.hours
    )


def decide_enrol(
    parsed: ParsedEnrol,
    caller_org_id: str,
    session: SessionView | None,
    stay: TraineeStay | None,
    distinct_trainees_enrolled: int,
) -> AcceptedEnrolment | Rejection:
    """Enrol a trainee, or replace the enrolment of one already enrolled and not exited.

    `distinct_trainees_enrolled` counts every trainee ever enrolled in the session (exited ones
    included): capacity bounds the trainees ever enrolled, not those present at once.
    """
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    profile = validate_profile(parsed.profile)
    if isinstance(profile, Rejection):
        return profile
    if stay is not None:
        refused = _exited(stay, parsed.trainee_id)
        if refused is not None:
            return refused
        return AcceptedEnrolment(
            session_id=parsed.session_id,
            trainee_id=parsed.trainee_id,
            date=parsed.date,
            profile=profile,
            is_replacement=True,
        )
    if distinct_trainees_enrolled >= session.capacity:
        return Rejection(
            RejectionReason.SESSION_FULL,
            f"session {session.session_id!r} already has {distinct_trainees_enrolled}"
            f" of {session.capacity} trainees",
        )
    return AcceptedEnrolment(
        session_id=parsed.session_id,
        trainee_id=parsed.trainee_id,
        date=parsed.date,
        profile=profile,
        is_replacement=False,
    )


def decide_attendance(
    parsed: ParsedAttendance, caller_org_id: str, session: SessionView | None, stay: TraineeStay | None
) -> AcceptedAttendance | Rejection:
    """An attendance sheet line; a re-send for the same (session, trainee, date) replaces it."""
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    refused = _trainee_gate(session, parsed.trainee_id, stay)
    if refused is not None:
        return refused
    assert stay is not None
    if parsed.hours_present < 0:
        return _invalid("hours_present must not be negative")
    absence: Absence | None = None
    if parsed.absence is not None:
        code = _code(Absence, parsed.absence, "absence")
        if isinstance(code, Rejection):
            return code
        absence = code
    refused = _not_planned(session, parsed.date)
    if refused is not None:
        return refused
    if parsed.hours_present > session.hours_per_day:
        return Rejection(
            RejectionReason.HOURS_OVER_DAILY_CAP,
            f"{parsed.hours_present} hours exceed the session's {session.hours_per_day} hours per day",
        )
    if not stay.is_active_on(parsed.date):
        return Rejection(
            RejectionReason.TRAINEE_NOT_ACTIVE,
            f"trainee {parsed.trainee_id!r} is not active on {parsed.date.isoformat()}",
        )
    return AcceptedAttendance(
        session_id=parsed.session_id,
        trainee_id=parsed.trainee_id,
        date=parsed.date,
        hours_present=parsed.hours_present,
        absence=absence,
    )


def decide_suspend(
    parsed: ParsedSuspend, caller_org_id: str, session: SessionView | None, stay: TraineeStay | None
) -> AcceptedSuspension | Rejection:
    """Suspending twice is a malformed request (level 3); suspending after an exit is level 4."""
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    refused = _trainee_gate(session, parsed.trainee_id, stay)
    if refused is not None:
        return refused
    assert stay is not None
    if stay.status == "suspended":
        return _invalid(f"trainee {parsed.trainee_id!r} is already suspended")
    refused = _before_enrolment(stay, parsed.date, "suspension")
    if refused is not None:
        return refused
    refused = _exited(stay, parsed.trainee_id)
    if refused is not None:
        return refused
    return AcceptedSuspension(
        session_id=parsed.session_id, trainee_id=parsed.trainee_id, date=parsed.date, reason=parsed.reason
    )


def decide_resume(
    parsed: ParsedResume, caller_org_id: str, session: SessionView | None, stay: TraineeStay | None
) -> AcceptedResumption | Rejection:
    """Resuming a trainee in training who is not suspended is level-3 `invalid`; after an exit
    it is `trainee_not_active`. A resumption may fall on the suspension's own day."""
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    refused = _trainee_gate(session, parsed.trainee_id, stay)
    if refused is not None:
        return refused
    assert stay is not None
    if stay.status == "enrolled":
        return _invalid(f"trainee {parsed.trainee_id!r} is not suspended")
    if stay.status == "suspended" and stay.suspended_on is not None and parsed.date < stay.suspended_on:
        return _invalid(
            f"resumption on {parsed.date.isoformat()} precedes the suspension on"
            f" {stay.suspended_on.isoformat()}"
        )
    refused = _exited(stay, parsed.trainee_id)
    if refused is not None:
        return refused
    return AcceptedResumption(session_id=parsed.session_id, trainee_id=parsed.trainee_id, date=parsed.date)


def decide_dropout(
    parsed: ParsedDropout, caller_org_id: str, session: SessionView | None, stay: TraineeStay | None
) -> AcceptedDropout | Rejection:
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    refused = _trainee_gate(session, parsed.trainee_id, stay)
    if refused is not None:
        return refused
    assert stay is not None
    reason = _code(DropoutReason, parsed.reason, "dropout reason")
    if isinstance(reason, Rejection):
        return reason
    refused = _before_enrolment(stay, parsed.date, "dropout")
    if refused is not None:
        return refused
    refused = _exited(stay, parsed.trainee_id)
    if refused is not None:
        return refused
    return AcceptedDropout(
        session_id=parsed.session_id, trainee_id=parsed.trainee_id, date=parsed.date, reason=reason
    )


def decide_complete(
    parsed: ParsedComplete, caller_org_id: str, session: SessionView | None, stay: TraineeStay | None
) -> AcceptedCompletion | Rejection:
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    refused = _trainee_gate(session, parsed.trainee_id, stay)
    if refused is not None:
        return refused
    assert stay is not None
    certification = _code(Certification, parsed.certification, "certification")
    if isinstance(certification, Rejection):
        return certification
    refused = _before_enrolment(stay, parsed.date, "completion")
    if refused is not None:
        return refused
    refused = _exited(stay, parsed.trainee_id)
    if refused is not None:
        return refused
    return AcceptedCompletion(
        session_id=parsed.session_id,
        trainee_id=parsed.trainee_id,
        date=parsed.date,
        certification=certification,
    )


def decide_satisfaction(
    parsed: ParsedSatisfaction, caller_org_id: str, session: SessionView | None, stay: TraineeStay | None
) -> AcceptedSatisfaction | Rejection:
    """A satisfaction score needs an enrolled trainee; it may come before, on or after the exit
    (organisations often collect it on the last day, before declaring the completion)."""
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=True)
    if refused is not None:
        return refused
    assert session is not None
    refused = _trainee_gate(session, parsed.trainee_id, stay)
    if refused is not None:
        return refused
    if not SCORE_MIN <= parsed.score <= SCORE_MAX:
        return _invalid(f"score {parsed.score} is outside {SCORE_MIN}-{SCORE_MAX}")
    return AcceptedSatisfaction(
        session_id=parsed.session_id, trainee_id=parsed.trainee_id, date=parsed.date, score=parsed.score
    )


def decide_outcome(
    parsed: ParsedOutcome, caller_org_id: str | None, session: SessionView | None, stay: TraineeStay | None
) -> AcceptedOutcome | Rejection:
    """A back-office observation of a trainee's situation 6 or 12 months after leaving.

    `caller_org_id` is None for the back office (no `forbidden` check); the cancellation rule is
    an organisation-side one and does not apply either.

    Choice: the trainee must have exited (completed or dropped out). An outcome "after exit"
    for someone still in training would be a fabricated observation, and would feed the
    return-to-work indicators and bonus, so a careful buyer refuses it with
    `trainee_not_active`. An observation dated before the exit is out of range (`invalid`).
    """
    refused = _session_gate(parsed.session_id, session, caller_org_id, organisation_command=False)
    if refused is not None:
        return refused
    assert session is not None
    refused = _trainee_gate(session, parsed.trainee_id, stay)
    if refused is not None:
        return refused
    assert stay is not None
    if parsed.months_after_exit not in OUTCOME_MONTHS:
        return _invalid(f"months_after_exit must be 6 or 12, not {parsed.months_after_exit}")
    status = _code(OutcomeStatus, parsed.status, "outcome status")
    if isinstance(status, Rejection):
        return status
    if stay.exited_on is not None and parsed.observed_on < stay.exited_on:
        return _invalid(
            f"observation on {parsed.observed_on.isoformat()} precedes the exit on"
            f" {stay.exited_on.isoformat()}"
        )
    if not stay.has_exited:
        return Rejection(
            RejectionReason.TRAINEE_NOT_ACTIVE,
            f"trainee {parsed.trainee_id!r} has not left session {parsed.session_id!r} yet",
        )
    return AcceptedOutcome(
        session_id=parsed.session_id,
        trainee_id=parsed.trainee_id,
        months_after_exit=parsed.months_after_exit,
        observed_on=parsed.observed_on,
        status=status,
    )


#: Organisation trainee commands whose decision needs only the caller, the session and the stay.
STAY_DECIDERS: dict[type, Callable[..., TraineeFact | Rejection]] = {
    ParsedAttendance: decide_attendance,
    ParsedSuspend: decide_suspend,
    ParsedResume: decide_resume,
    ParsedDropout: decide_dropout,
    ParsedComplete: decide_complete,
    ParsedSatisfaction: decide_satisfaction,
}


# --- transitions ------------------------------------------------------------------------------


def new_state_after(stay: TraineeStay | None, fact: TraineeFact) -> TraineeStay:
    """The trainee's stay once an accepted fact is applied.

    Only decisions made against `stay` may be applied to it; facts that do not move the
    lifecycle (attendance, satisfaction, outcome) return it unchanged.
    """
    if isinstance(fact, AcceptedEnrolment):
        if stay is None:
            return TraineeStay(trainee_key=fact.trainee_id, enrolled_on=fact.date, status="enrolled")
        # A replacement changes the date only; a suspension in progress stays in progress.
        return replace(stay, enrolled_on=fact.date)
    if stay is None:
        raise ValueError(f"{type(fact).__name__} needs an enrolled trainee")
    if isinstance(fact, AcceptedSuspension):
        return replace(stay, status="suspended", suspended_on=fact.date)
    if isinstance(fact, AcceptedResumption):
        return replace(stay, status="enrolled", suspended_on=None)
    if isinstance(fact, AcceptedDropout):
        return replace(stay, status="dropped_out", exited_on=fact.date)
    if isinstance(fact, AcceptedCompletion):
        return replace(stay, status="completed", exited_on=fact.date)
    return stay
