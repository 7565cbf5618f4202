"""What is recorded about an enrolled trainee: attendance, satisfaction, outcomes after exit.

Each is keyed (BILLING.md): re-sending the same key replaces the earlier value.
"""

from __future__ import annotations

from pacte_attendance.domain.checks import admitted, code, enrolled, invalid, not_negative, planned
from pacte_attendance.domain.commands import RecordAttendance, RecordOutcome, RecordSatisfaction
from pacte_attendance.domain.facts import AcceptedAttendance, AcceptedOutcome, AcceptedSatisfaction
from pacte_attendance.domain.model import SessionView, TraineeStay
from pacte_contracts.codes import Absence, OutcomeStatus, RejectionReason
from pacte_contracts.refusals import Rejection

SCORE_MIN = 1
SCORE_MAX = 5
OUTCOME_MONTHS = frozenset({6, 12})


def decide_attendance(command: RecordAttendance, organisation_id: str, session: SessionView | None,
                      stay: TraineeStay | None) -> AcceptedAttendance | Rejection:
    """An attendance sheet line (émargement) for one (session, trainee, date)."""
    open_session = admitted(command.session_id, session, organisation_id)
    if isinstance(open_session, Rejection):
        return open_session
    current = enrolled(open_session, stay)
    if isinstance(current, Rejection):
        return current
    absence = None if command.absence is None else code(Absence, command.absence, "absence")
    if isinstance(absence, Rejection):
        return absence
    refused = not_negative(command.hours_present, "hours_present") or planned(open_session, command.date)
    if refused is not None:
        return refused
    if command.hours_present > open_session.hours_per_day:
        return Rejection(RejectionReason.HOURS_OVER_DAILY_CAP,
                         f"{command.hours_present} hours exceed the session's {open_session.hours_per_day} hours"
                         " per day")
    if not current.is_active_on(command.date):
        return Rejection(RejectionReason.TRAINEE_NOT_ACTIVE, f"the trainee is not active on {command.date.isoformat()}")
    return AcceptedAttendance(command.date, command.hours_present, absence)


def decide_satisfaction(command: RecordSatisfaction, organisation_id: str, session: SessionView | None,
                        stay: TraineeStay | None) -> AcceptedSatisfaction | Rejection:
    """A score needs an enrolled trainee; it may come before, on or after the exit (organisations
    often collect it on the last day, before declaring the completion)."""
    open_session = admitted(command.session_id, session, organisation_id)
    if isinstance(open_session, Rejection):
        return open_session
    current = enrolled(open_session, stay)
    if isinstance(current, Rejection):
        return current
    if not SCORE_MIN <= command.score <= SCORE_MAX:
        return invalid(f"score {command.score} is outside {SCORE_MIN}-{SCORE_MAX}")
    return AcceptedSatisfaction(command.date, command.score)


def decide_outcome(command: RecordOutcome, organisation_id: str | None, session: SessionView | None,
                   stay: TraineeStay | None) -> AcceptedOutcome | Rejection:
    """A back-office observation of a trainee's situation 6 or 12 months after leaving.

    `organisation_id` is None for the back office (no `forbidden` check); the cancellation rule is
    an organisation-side one and does not apply either.

    Choice: the trainee must have exited (completed or dropped out). An outcome "after exit"
    for someone still in training would be a fabricated observation, and would feed the
    return-to-work indicators and bonus, so a careful buyer refuses it with
    `trainee_not_active`. An observation dated before the exit is out of range (`invalid`).
    """
    open_session = admitted(command.session_id, session, organisation_id, organisation_command=False)
    if isinstance(open_session, Rejection):
        return open_session
    current = enrolled(open_session, stay)
    if isinstance(current, Rejection):
        return current
    if command.months_after_exit not in OUTCOME_MONTHS:
        return invalid(f"months_after_exit must be 6 or 12, not {command.months_after_exit}")
    status = code(OutcomeStatus, command.status, "outcome status")
    if isinstance(status, Rejection):
        return status
    if current.exited_on is not None and command.observed_on < current.exited_on:
        return invalid(f"observation on {command.observed_on.isoformat()} precedes the exit on"
                       f" {current.exited_on.isoformat()}")
    if not current.has_exited:
        return Rejection(RejectionReason.TRAINEE_NOT_ACTIVE,
                         f"the trainee has not left session {command.session_id!r} yet")
    return AcceptedOutcome(command.months_after_exit, command.observed_on, status)
