"""A trainee's path in a session (DOMAIN.md): enrolled → (suspended ↔ enrolled)* → completed |
dropped_out. Suspending twice or resuming without a suspension is `invalid`; after an exit every
move is `trainee_not_active` (an exit is final)."""

from __future__ import annotations

from dataclasses import replace

from pacte_attendance.domain.checks import admitted, code, enrolled, invalid, not_before_enrolment, not_exited
from pacte_attendance.domain.commands import Complete, Dropout, Resume, Suspend, TraineeCommand
from pacte_attendance.domain.facts import (
    AcceptedCompletion,
    AcceptedDropout,
    AcceptedEnrolment,
    AcceptedResumption,
    AcceptedSuspension,
    TraineeFact,
)
from pacte_attendance.domain.model import SessionView, TraineeStay
from pacte_contracts.codes import Certification, DropoutReason
from pacte_contracts.refusals import Rejection


def _stay(command: TraineeCommand, organisation_id: str, session: SessionView | None,
          stay: TraineeStay | None) -> TraineeStay | Rejection:
    open_session = admitted(command.session_id, session, organisation_id)
    return open_session if isinstance(open_session, Rejection) else enrolled(open_session, stay)


def decide_suspend(command: Suspend, organisation_id: str, session: SessionView | None,
                   stay: TraineeStay | None) -> AcceptedSuspension | Rejection:
    current = _stay(command, organisation_id, session, stay)
    if isinstance(current, Rejection):
        return current
    if current.status == "suspended":
        return invalid("the trainee is already suspended")
    return (not_before_enrolment(current, command.date, "suspension") or not_exited(current)
            or AcceptedSuspension(command.date, command.reason))


def decide_resume(command: Resume, organisation_id: str, session: SessionView | None,
                  stay: TraineeStay | None) -> AcceptedResumption | Rejection:
    """A resumption may fall on the suspension's own day, not before it."""
    current = _stay(command, organisation_id, session, stay)
    if isinstance(current, Rejection):
        return current
    if current.status == "enrolled":
        return invalid("the trainee is not suspended")
    if current.suspended_on is not None and command.date < current.suspended_on:
        return invalid(f"resumption on {command.date.isoformat()} precedes the suspension on"
                       f" {current.suspended_on.isoformat()}")
    return not_exited(current) or AcceptedResumption(command.date)


def decide_dropout(command: Dropout, organisation_id: str, session: SessionView | None,
                   stay: TraineeStay | None) -> AcceptedDropout | Rejection:
    current = _stay(command, organisation_id, session, stay)
    if isinstance(current, Rejection):
        return current
    reason = code(DropoutReason, command.reason, "dropout reason")
    if isinstance(reason, Rejection):
        return reason
    return (not_before_enrolment(current, command.date, "dropout") or not_exited(current)
            or AcceptedDropout(command.date, reason))


def decide_complete(command: Complete, organisation_id: str, session: SessionView | None,
                    stay: TraineeStay | None) -> AcceptedCompletion | Rejection:
    current = _stay(command, organisation_id, session, stay)
    if isinstance(current, Rejection):
        return current
    certification = code(Certification, command.certification, "certification")
    if isinstance(certification, Rejection):
        return certification
    return (not_before_enrolment(current, command.date, "completion") or not_exited(current)
            or AcceptedCompletion(command.date, certification))


def new_state_after(stay: TraineeStay | None, fact: TraineeFact) -> TraineeStay:
    """The trainee's stay once an accepted fact is applied (only to the stay it was decided on);
    facts that do not move the lifecycle (attendance, satisfaction, outcome) leave it as it is."""
    if isinstance(fact, AcceptedEnrolment):
        if stay is None:
            return TraineeStay(enrolled_on=fact.date, status="enrolled")
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
