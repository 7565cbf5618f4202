"""Entering a session (capacity, corrections) and cancelling an enrolment made by mistake."""

from __future__ import annotations

from pacte_attendance.domain.checks import admitted, code, enrolled, invalid, not_exited
from pacte_attendance.domain.commands import CancelEnrolment, Enrol, ProfileFields
from pacte_attendance.domain.facts import AcceptedCancellation, AcceptedEnrolment
from pacte_attendance.domain.model import Profile, SessionView, TraineeStay
from pacte_contracts.codes import AgeBand, Qualification, RejectionReason
from pacte_contracts.refusals import Rejection


def validate_profile(fields: ProfileFields) -> Profile | Rejection:
    """DOMAIN.md's profile codes (stage 3); the shape was checked with the command."""
    age_band = code(AgeBand, fields.age_band, "profile.age_band")
    if isinstance(age_band, Rejection):
        return age_band
    qualification = code(Qualification, fields.qualification, "profile.qualification")
    if isinstance(qualification, Rejection):
        return qualification
    return Profile(age_band, qualification, fields.jobseeker_registered, fields.priority_publics())


def decide_enrol(command: Enrol, organisation_id: str, session: SessionView | None, stay: TraineeStay | None,
                 distinct_trainees_enrolled: int) -> AcceptedEnrolment | Rejection:
    """Enrol a trainee, or replace the enrolment of one already enrolled and not exited.

    `distinct_trainees_enrolled` counts every trainee ever enrolled in the session (exited ones
    included, cancelled enrolments not): capacity bounds the trainees ever enrolled, not those
    present at once (SCENARIO.md).
    """
    open_session = admitted(command.session_id, session, organisation_id)
    if isinstance(open_session, Rejection):
        return open_session
    profile = validate_profile(command.profile)
    if isinstance(profile, Rejection):
        return profile
    if stay is not None:
        return not_exited(stay) or AcceptedEnrolment(command.date, profile, is_replacement=True)
    if distinct_trainees_enrolled >= open_session.capacity:
        return Rejection(RejectionReason.SESSION_FULL,
                         f"session {open_session.session_id!r} already has {distinct_trainees_enrolled}"
                         f" of {open_session.capacity} trainees")
    return AcceptedEnrolment(command.date, profile, is_replacement=False)


def decide_enrol_cancel(command: CancelEnrolment, organisation_id: str, session: SessionView | None,
                        stay: TraineeStay | None, *, attended: bool,
                        closed_through: str | None) -> AcceptedCancellation | Rejection:
    """Cancel an enrolment made by mistake (DOMAIN.md, BILLING.md).

    `attended`: the trainee has more than 0 hours present on some day (current values).
    `closed_through`: the latest period whose closing has started (docs/decisions.md): a closing
    judged milestones on every enrolment up to its period, so those can no longer be undone.
    A second cancellation finds no enrolment (`trainee_not_enrolled`).
    """
    open_session = admitted(command.session_id, session, organisation_id)
    if isinstance(open_session, Rejection):
        return open_session
    current = enrolled(open_session, stay)
    if isinstance(current, Rejection):
        return current
    if current.has_exited:
        return invalid(f"the trainee has already left the session ({current.status}); an exit is not cancelled")
    if attended:
        return invalid("the trainee has attended more than 0 hours in the session")
    period = current.enrolled_on.strftime("%Y-%m")
    if closed_through is not None and period <= closed_through:
        return invalid(f"the enrolment's period {period} is closed")
    return AcceptedCancellation()
