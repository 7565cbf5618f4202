"""Stages 2-4 of SCENARIO.md's refusal order for each decider, and the trainee lifecycle."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pacte_attendance.domain import (
    AcceptedAttendance,
    AcceptedCompletion,
    AcceptedDropout,
    AcceptedEnrolment,
    AcceptedOpenDay,
    AcceptedOutcome,
    AcceptedResumption,
    AcceptedSatisfaction,
    AcceptedSuspension,
    AcceptedTrainerHours,
    Complete,
    DeclareOpenDay,
    DeclareTrainerHours,
    Dropout,
    Enrol,
    Profile,
    ProfileFields,
    RecordAttendance,
    RecordOutcome,
    RecordSatisfaction,
    Rejection,
    Resume,
    SessionView,
    Suspend,
    TraineeStay,
    decide_attendance,
    decide_complete,
    decide_dropout,
    decide_enrol,
    decide_open_day,
    decide_outcome,
    decide_resume,
    decide_satisfaction,
    decide_suspend,
    decide_trainer_hours,
    new_state_after,
    validate_profile,
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

R = RejectionReason
HOLDER = "OF-HOLDER"
OTHER_ORG = "OF-OTHER"
D1, D2, D3 = date(2019, 9, 23), date(2019, 9, 24), date(2019, 9, 25)
UNPLANNED = date(2019, 9, 28)
SESSION = SessionView(
    session_id="S-1",
    order_id="BC-1",
    lot_id="L-1",
    holder_org_id=HOLDER,
    starts_on=D1,
    ends_on=D3,
    planned_days=frozenset({D1, D2, D3}),
    hours_per_day=Decimal("7.5"),
    capacity=2,
    cancelled=False,
)
CANCELLED = replace(SESSION, cancelled=True)
ENROLLED = TraineeStay(enrolled_on=D1, status="enrolled")
SUSPENDED = TraineeStay(enrolled_on=D1, status="suspended", suspended_on=D2)
COMPLETED = TraineeStay(enrolled_on=D1, status="completed", exited_on=D2)
DROPPED = TraineeStay(enrolled_on=D1, status="dropped_out", exited_on=D2)
PROFILE = {"age_band": "<26", "qualification": "below_bac", "jobseeker_registered": True, "qpv": True}
TRAINEE = {"session_id": "S-1", "trainee_id": "TR-1"}


def reason(outcome: object) -> RejectionReason | None:
    return outcome.reason if isinstance(outcome, Rejection) else None


def attendance(day: date = D1, hours: str = "7", absence: str | None = None) -> RecordAttendance:
    return RecordAttendance(**TRAINEE, date=day, hours_present=Decimal(hours), absence=absence)


def trainer_hours(day: date = D1, hours: str = "7") -> DeclareTrainerHours:
    return DeclareTrainerHours(session_id="S-1", trainer_id="F-A", date=day, hours=Decimal(hours))


def enrol(day: date = D1, profile: dict[str, Any] | None = None) -> Enrol:
    return Enrol(**TRAINEE, date=day, profile=ProfileFields.model_validate(PROFILE if profile is None else profile))


def open_day(day: date = D1, session_id: str = "S-1") -> DeclareOpenDay:
    return DeclareOpenDay(session_id=session_id, date=day)


def suspend(day: date) -> Suspend:
    return Suspend(**TRAINEE, date=day, reason="job")


def resume(day: date) -> Resume:
    return Resume(**TRAINEE, date=day)


def dropout(day: date, reason: str = "other") -> Dropout:
    return Dropout(**TRAINEE, date=day, reason=reason)


def complete(day: date, certification: str = "full") -> Complete:
    return Complete(**TRAINEE, date=day, certification=certification)


def satisfaction(day: date, score: int) -> RecordSatisfaction:
    return RecordSatisfaction(**TRAINEE, date=day, score=score)


def outcome(
    months: int = 6, observed: date = date(2020, 3, 24), status: str = "employed_durable"
) -> RecordOutcome:
    return RecordOutcome(**TRAINEE, months_after_exit=months, observed_on=observed, status=status)


#: A profile whose codes are unknown (stage 3), the shape being right (stage 1).
BAD_CODES = {**PROFILE, "age_band": "old"}


# --- level 2: session, caller, cancellation, enrolment ----------------------------------------


def test_unknown_session_beats_everything_else() -> None:
    # Unknown session, foreign caller, unknown code, unplanned day: unknown_session wins.
    assert (
        reason(decide_attendance(attendance(UNPLANNED, "99", "bogus"), OTHER_ORG, None, None))
        is R.UNKNOWN_SESSION
    )
    assert reason(decide_open_day(open_day(UNPLANNED, "S-X"), OTHER_ORG, None)) is R.UNKNOWN_SESSION
    assert (
        reason(decide_trainer_hours(trainer_hours(hours="-1"), HOLDER, None, Decimal(0))) is R.UNKNOWN_SESSION
    )
    assert reason(decide_enrol(enrol(profile=BAD_CODES), HOLDER, None, None, 0)) is R.UNKNOWN_SESSION
    assert reason(decide_outcome(outcome(months=7), None, None, None)) is R.UNKNOWN_SESSION


def test_forbidden_beats_cancelled_and_later_reasons() -> None:
    assert reason(decide_open_day(open_day(UNPLANNED), OTHER_ORG, CANCELLED)) is R.FORBIDDEN
    assert reason(decide_attendance(attendance(absence="bogus"), OTHER_ORG, SESSION, None)) is R.FORBIDDEN
    assert reason(
        decide_complete(complete(D3, "full"), OTHER_ORG, SESSION, ENROLLED)
    ) is (R.FORBIDDEN)


def test_only_the_lot_holder_may_declare_not_another_grouping_member() -> None:
    # The grouping's lead member holds the lot; a co-member's own credentials are refused.
    assert reason(decide_open_day(open_day(D1), "OF-CO-MEMBER", SESSION)) is R.FORBIDDEN
    assert isinstance(decide_open_day(open_day(D1), HOLDER, SESSION), AcceptedOpenDay)


def test_cancelled_beats_not_enrolled_and_invalid_codes() -> None:
    assert (
        reason(decide_attendance(attendance(absence="bogus"), HOLDER, CANCELLED, None)) is R.SESSION_CANCELLED
    )
    assert reason(decide_enrol(enrol(profile=BAD_CODES), HOLDER, CANCELLED, None, 0)) is R.SESSION_CANCELLED
    assert reason(decide_trainer_hours(trainer_hours(UNPLANNED), HOLDER, CANCELLED, Decimal(0))) is (
        R.SESSION_CANCELLED
    )


@pytest.mark.parametrize(
    "decide",
    [
        lambda: decide_attendance(attendance(UNPLANNED, "99", "bogus"), HOLDER, SESSION, None),
        lambda: decide_suspend(Suspend(**TRAINEE, date=D1, reason="job"), HOLDER, SESSION, None),
        lambda: decide_resume(resume(D1), HOLDER, SESSION, None),
        lambda: decide_dropout(dropout(D1, "teleportation"), HOLDER, SESSION, None),
        lambda: decide_complete(complete(D1, "gold"), HOLDER, SESSION, None),
        lambda: decide_satisfaction(satisfaction(D1, 9), HOLDER, SESSION, None),
        lambda: decide_outcome(outcome(months=7, status="rich"), None, SESSION, None),
    ],
)
def test_not_enrolled_beats_level_three_and_four(decide: Any) -> None:
    assert reason(decide()) is R.TRAINEE_NOT_ENROLLED


# --- level 3: values -------------------------------------------------------------------------


def test_unknown_codes_are_invalid() -> None:
    assert reason(decide_attendance(attendance(absence="bogus"), HOLDER, SESSION, ENROLLED)) is R.INVALID
    assert reason(
        decide_dropout(dropout(D2, "teleportation"), HOLDER, SESSION, ENROLLED)
    ) is (R.INVALID)
    assert (
        reason(decide_complete(complete(D2, "gold"), HOLDER, SESSION, ENROLLED))
        is R.INVALID
    )
    assert reason(decide_outcome(outcome(status="rich"), None, SESSION, COMPLETED)) is R.INVALID


def test_invalid_beats_day_not_planned_cap_and_not_active() -> None:
    assert reason(decide_attendance(attendance(UNPLANNED, "-1"), HOLDER, SESSION, COMPLETED)) is R.INVALID
    assert (
        reason(decide_attendance(attendance(UNPLANNED, "99", "x"), HOLDER, SESSION, COMPLETED)) is R.INVALID
    )
    assert (
        reason(decide_trainer_hours(trainer_hours(UNPLANNED, "-1"), HOLDER, SESSION, Decimal(20)))
        is R.INVALID
    )
    # An unknown dropout reason on an already exited trainee: invalid (level 3) before not_active.
    assert (
        reason(decide_dropout(dropout(D3, "x"), HOLDER, SESSION, COMPLETED)) is R.INVALID
    )
    # A bad profile on a full session or an exited trainee.
    assert reason(decide_enrol(enrol(profile=BAD_CODES), HOLDER, SESSION, None, 2)) is R.INVALID
    assert reason(decide_enrol(enrol(profile=BAD_CODES), HOLDER, SESSION, DROPPED, 2)) is R.INVALID


@pytest.mark.parametrize("score", [0, 6, -1, 9])
def test_score_outside_one_to_five_is_invalid(score: int) -> None:
    decided = decide_satisfaction(satisfaction(D1, score), HOLDER, SESSION, ENROLLED)
    assert reason(decided) is R.INVALID


@pytest.mark.parametrize("months", [0, 3, 7, 24])
def test_months_after_exit_must_be_six_or_twelve(months: int) -> None:
    assert reason(decide_outcome(outcome(months=months), None, SESSION, COMPLETED)) is R.INVALID


@pytest.mark.parametrize("profile", [BAD_CODES, {**PROFILE, "age_band": "30"}, {**PROFILE, "qualification": "phd"}])
def test_unknown_profile_codes_are_invalid(profile: dict[str, Any]) -> None:
    """Stage 3: the profile's shape (fields, JSON types) is the command model's, stage 1."""
    assert reason(validate_profile(ProfileFields.model_validate(profile))) is R.INVALID
    assert reason(decide_enrol(enrol(profile=profile), HOLDER, SESSION, None, 0)) is R.INVALID


def test_profile_keeps_only_coarse_fields_with_absent_flags_false() -> None:
    profile = validate_profile(ProfileFields.model_validate({**PROFILE, "zrr": False, "name": "Jeanne", "neet": True}))
    assert profile == Profile(
        age_band=AgeBand.UNDER_26,
        qualification=Qualification.BELOW_BAC,
        jobseeker_registered=True,
        priority_publics=frozenset({PriorityPublic.QPV, PriorityPublic.NEET}),
    )


def test_suspend_twice_and_resume_without_suspension_are_invalid() -> None:
    assert (
        reason(decide_suspend(Suspend(**TRAINEE, date=D3, reason="job"), HOLDER, SESSION, SUSPENDED))
        is R.INVALID
    )
    assert reason(decide_resume(resume(D3), HOLDER, SESSION, ENROLLED)) is R.INVALID
    # Resuming before the suspension started makes no sense either.
    assert reason(decide_resume(resume(D1), HOLDER, SESSION, SUSPENDED)) is R.INVALID


def test_dates_before_the_enrolment_are_invalid() -> None:
    late = TraineeStay(enrolled_on=D2, status="enrolled")
    assert (
        reason(decide_dropout(dropout(D1, "other"), HOLDER, SESSION, late)) is R.INVALID
    )
    assert (
        reason(decide_complete(complete(D1, "full"), HOLDER, SESSION, late)) is R.INVALID
    )
    assert reason(decide_suspend(Suspend(**TRAINEE, date=D1, reason="job"), HOLDER, SESSION, late)) is R.INVALID


def test_outcome_observed_before_the_exit_is_invalid() -> None:
    assert reason(decide_outcome(outcome(observed=D1), None, SESSION, COMPLETED)) is R.INVALID


# --- level 4: the rule's own reasons ---------------------------------------------------------


def test_day_not_planned() -> None:
    assert reason(decide_open_day(open_day(UNPLANNED), HOLDER, SESSION)) is R.DAY_NOT_PLANNED
    assert (
        reason(decide_trainer_hours(trainer_hours(UNPLANNED), HOLDER, SESSION, Decimal(0)))
        is R.DAY_NOT_PLANNED
    )
    assert reason(decide_attendance(attendance(UNPLANNED), HOLDER, SESSION, ENROLLED)) is R.DAY_NOT_PLANNED


def test_day_not_planned_beats_hours_cap_and_not_active() -> None:
    assert (
        reason(decide_attendance(attendance(UNPLANNED, "8"), HOLDER, SESSION, COMPLETED)) is R.DAY_NOT_PLANNED
    )
    assert reason(decide_trainer_hours(trainer_hours(UNPLANNED, "11"), HOLDER, SESSION, Decimal(0))) is (
        R.DAY_NOT_PLANNED
    )


def test_attendance_over_hours_per_day() -> None:
    assert (
        reason(decide_attendance(attendance(hours="7.51"), HOLDER, SESSION, ENROLLED))
        is R.HOURS_OVER_DAILY_CAP
    )
    assert isinstance(
        decide_attendance(attendance(hours="7.5"), HOLDER, SESSION, ENROLLED), AcceptedAttendance
    )


def test_hours_cap_beats_not_active() -> None:
    assert (
        reason(decide_attendance(attendance(D3, "8"), HOLDER, SESSION, COMPLETED)) is R.HOURS_OVER_DAILY_CAP
    )


@pytest.mark.parametrize(
    ("other", "hours", "refused"),
    [("0", "10", False), ("0", "10.01", True), ("3", "7", False), ("3", "7.25", True), ("10", "0", False)],
)
def test_trainer_daily_cap_counts_other_sessions(other: str, hours: str, refused: bool) -> None:
    decided = decide_trainer_hours(trainer_hours(hours=hours), HOLDER, SESSION, Decimal(other))
    assert (reason(decided) is R.HOURS_OVER_DAILY_CAP) is refused
    if not refused:
        assert decided == AcceptedTrainerHours("F-A", D1, Decimal(hours))


def test_attendance_needs_an_active_trainee() -> None:
    late = TraineeStay(enrolled_on=D2, status="enrolled")
    assert reason(decide_attendance(attendance(D1), HOLDER, SESSION, late)) is R.TRAINEE_NOT_ACTIVE
    assert reason(decide_attendance(attendance(D3), HOLDER, SESSION, COMPLETED)) is R.TRAINEE_NOT_ACTIVE
    # The exit day itself is still a day of presence, and a suspended trainee stays active.
    assert isinstance(decide_attendance(attendance(D2), HOLDER, SESSION, COMPLETED), AcceptedAttendance)
    assert isinstance(decide_attendance(attendance(D3), HOLDER, SESSION, SUSPENDED), AcceptedAttendance)


@pytest.mark.parametrize("stay", [COMPLETED, DROPPED])
def test_an_exit_is_final(stay: TraineeStay) -> None:
    assert reason(decide_suspend(Suspend(**TRAINEE, date=D3, reason="job"), HOLDER, SESSION, stay)) is (
        R.TRAINEE_NOT_ACTIVE
    )
    assert (
        reason(decide_resume(resume(D3), HOLDER, SESSION, stay)) is R.TRAINEE_NOT_ACTIVE
    )
    assert reason(decide_dropout(dropout(D3, "other"), HOLDER, SESSION, stay)) is (
        R.TRAINEE_NOT_ACTIVE
    )
    assert reason(decide_complete(complete(D3, "none"), HOLDER, SESSION, stay)) is (
        R.TRAINEE_NOT_ACTIVE
    )
    assert reason(decide_enrol(enrol(D3), HOLDER, SESSION, stay, 1)) is R.TRAINEE_NOT_ACTIVE


def test_not_active_beats_session_full_on_re_enrolment() -> None:
    assert reason(decide_enrol(enrol(D3), HOLDER, SESSION, COMPLETED, 5)) is R.TRAINEE_NOT_ACTIVE


def test_session_full_counts_every_trainee_ever_enrolled() -> None:
    assert reason(decide_enrol(enrol(), HOLDER, SESSION, None, 2)) is R.SESSION_FULL
    accepted = decide_enrol(enrol(), HOLDER, SESSION, None, 1)
    assert isinstance(accepted, AcceptedEnrolment)
    assert not accepted.is_replacement


@pytest.mark.parametrize("stay", [ENROLLED, SUSPENDED])
def test_re_enrolment_replaces_even_when_full(stay: TraineeStay) -> None:
    accepted = decide_enrol(enrol(D2, {**PROFILE, "qpv": False}), HOLDER, SESSION, stay, 2)
    assert isinstance(accepted, AcceptedEnrolment)
    assert accepted.is_replacement
    assert accepted.profile.priority_publics == frozenset()
    assert new_state_after(stay, accepted) == TraineeStay(
        enrolled_on=D2, status=stay.status, suspended_on=stay.suspended_on
    )


def test_outcome_needs_an_exited_trainee() -> None:
    """Chosen rule: an observation "after exit" of someone still in training is refused."""
    assert reason(decide_outcome(outcome(), None, SESSION, ENROLLED)) is R.TRAINEE_NOT_ACTIVE
    assert reason(decide_outcome(outcome(), None, SESSION, SUSPENDED)) is R.TRAINEE_NOT_ACTIVE
    assert decide_outcome(outcome(12, status="training"), None, SESSION, DROPPED) == AcceptedOutcome(
        12, date(2020, 3, 24), OutcomeStatus.TRAINING
    )


def test_outcome_is_back_office_cancellation_does_not_apply_but_a_caller_is_checked() -> None:
    assert isinstance(decide_outcome(outcome(), None, CANCELLED, COMPLETED), AcceptedOutcome)
    assert reason(decide_outcome(outcome(), OTHER_ORG, SESSION, COMPLETED)) is R.FORBIDDEN


def test_satisfaction_is_allowed_before_on_and_after_exit() -> None:
    for stay in (ENROLLED, COMPLETED, DROPPED):
        decided = decide_satisfaction(satisfaction(D3, 5), HOLDER, SESSION, stay)
        assert decided == AcceptedSatisfaction(D3, 5)


# --- accepted facts and transitions ----------------------------------------------------------


def test_lifecycle_enrol_suspend_resume_drop_out() -> None:
    enrolled = decide_enrol(enrol(), HOLDER, SESSION, None, 0)
    assert isinstance(enrolled, AcceptedEnrolment)
    stay = new_state_after(None, enrolled)
    assert stay == ENROLLED

    suspended = decide_suspend(Suspend(**TRAINEE, date=D2, reason="short job"), HOLDER, SESSION, stay)
    assert suspended == AcceptedSuspension(D2, "short job")
    stay = new_state_after(stay, suspended)
    assert stay == SUSPENDED

    resumed = decide_resume(resume(D2), HOLDER, SESSION, stay)
    assert resumed == AcceptedResumption(D2)
    stay = new_state_after(stay, resumed)
    assert stay == ENROLLED

    record = decide_attendance(attendance(D2, "3.25", "justified"), HOLDER, SESSION, stay)
    assert record == AcceptedAttendance(D2, Decimal("3.25"), Absence.JUSTIFIED)
    assert new_state_after(stay, record) is stay

    dropped = decide_dropout(dropout(D3, "return_to_work"), HOLDER, SESSION, stay)
    assert dropped == AcceptedDropout(D3, DropoutReason.RETURN_TO_WORK)
    stay = new_state_after(stay, dropped)
    assert stay.status == "dropped_out"
    assert stay.exited_on == D3
    assert stay.has_exited


def test_completion_while_suspended_exits() -> None:
    done = decide_complete(complete(D3, "partial"), HOLDER, SESSION, SUSPENDED)
    assert done == AcceptedCompletion(D3, Certification.PARTIAL)
    stay = new_state_after(SUSPENDED, done)
    assert stay.status == "completed"
    assert stay.exited_on == D3


def test_transitions_other_than_enrolment_need_a_stay() -> None:
    with pytest.raises(ValueError, match="enrolled"):
        new_state_after(None, AcceptedResumption(D1))


def test_active_window_is_inclusive_of_enrolment_and_exit_days() -> None:
    assert not COMPLETED.is_active_on(date(2019, 9, 22))
    assert COMPLETED.is_active_on(D1)
    assert COMPLETED.is_active_on(D2)
    assert not COMPLETED.is_active_on(D3)
    assert ENROLLED.is_active_on(date(2030, 1, 1))
