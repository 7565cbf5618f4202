"""Rules version 2: withdrawing an open day and cancelling an enrolment made by mistake, their
refusal order, and the revisions they leave (tombstones), through the deciders and the engine."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pacte_attendance.domain import (
    COMMANDS,
    AcceptedCancellation,
    AcceptedOpenDayWithdrawal,
    CancelEnrolment,
    Declarations,
    Declared,
    Rejection,
    SessionView,
    State,
    TraineeStay,
    WithdrawOpenDay,
    decide_enrol_cancel,
    decide_open_day_withdraw,
    parse_command,
)
from pacte_contracts import attendance as contract
from pacte_contracts.codes import RejectionReason

R = RejectionReason
HOLDER, OTHER = "OF-HOLDER", "OF-OTHER"
D1, D2, D3 = date(2019, 9, 23), date(2019, 9, 24), date(2019, 9, 25)
SESSION = SessionView(session_id="S-1", order_id="BC-1", lot_id="L-1", holder_org_id=HOLDER, starts_on=D1,
                      ends_on=D3, planned_days=frozenset({D1, D2, D3}), hours_per_day=Decimal(7), capacity=1,
                      cancelled=False)
CANCELLED = replace(SESSION, cancelled=True)
ENROLLED = TraineeStay(enrolled_on=D1, status="enrolled")
SUSPENDED = TraineeStay(enrolled_on=D1, status="suspended", suspended_on=D2)
PROFILE = {"age_band": "<26", "qualification": "bac", "jobseeker_registered": True}
WITHDRAW = WithdrawOpenDay(session_id="S-1", date=D1)
CANCEL = CancelEnrolment(session_id="S-1", trainee_id="TR-1")


def reason(outcome: object) -> RejectionReason | None:
    return outcome.reason if isinstance(outcome, Rejection) else None


# --- deciders: the refusal order --------------------------------------------------------------


def test_withdrawing_an_open_day_refusal_order() -> None:
    assert reason(decide_open_day_withdraw(WITHDRAW, OTHER, None, declared_open=False)) is R.UNKNOWN_SESSION
    assert reason(decide_open_day_withdraw(WITHDRAW, OTHER, CANCELLED, declared_open=False)) is R.FORBIDDEN
    assert reason(decide_open_day_withdraw(WITHDRAW, HOLDER, CANCELLED, declared_open=False)) is R.SESSION_CANCELLED
    assert reason(decide_open_day_withdraw(WITHDRAW, HOLDER, SESSION, declared_open=False)) is R.INVALID
    assert decide_open_day_withdraw(WITHDRAW, HOLDER, SESSION, declared_open=True) == AcceptedOpenDayWithdrawal(D1)


def test_a_day_declared_open_is_withdrawn_even_if_no_longer_planned() -> None:
    unplanned = replace(SESSION, planned_days=frozenset({D2}))
    assert isinstance(decide_open_day_withdraw(WITHDRAW, HOLDER, unplanned, declared_open=True),
                      AcceptedOpenDayWithdrawal)


def cancel(stay: TraineeStay | None, session: SessionView | None = SESSION, caller: str = HOLDER,
           attended: bool = False, closed_through: str | None = None) -> AcceptedCancellation | Rejection:
    return decide_enrol_cancel(CANCEL, caller, session, stay, attended=attended, closed_through=closed_through)


def test_cancelling_an_enrolment_refusal_order() -> None:
    exited = TraineeStay(enrolled_on=D1, status="completed", exited_on=D2)
    # Every later reason applies at once: the first in SCENARIO.md's order wins.
    assert reason(cancel(exited, None, OTHER, True, "2019-09")) is R.UNKNOWN_SESSION
    assert reason(cancel(exited, CANCELLED, OTHER, True, "2019-09")) is R.FORBIDDEN
    assert reason(cancel(None, CANCELLED, HOLDER, True, "2019-09")) is R.SESSION_CANCELLED
    assert reason(cancel(None, SESSION, HOLDER, True, "2019-09")) is R.TRAINEE_NOT_ENROLLED
    assert reason(cancel(exited)) is R.INVALID
    assert reason(cancel(ENROLLED, attended=True)) is R.INVALID
    assert isinstance(cancel(ENROLLED), AcceptedCancellation)
    assert isinstance(cancel(SUSPENDED), AcceptedCancellation)  # a pause is not an exit


@pytest.mark.parametrize(("closed_through", "refused"), [
    (None, False), ("2019-08", False), ("2019-09", True), ("2019-10", True)])
def test_an_enrolment_of_a_closed_period_is_not_cancelled(closed_through: str | None, refused: bool) -> None:
    """From the closing request of its period, or of a later one, on (docs/decisions.md)."""
    assert (reason(cancel(ENROLLED, closed_through=closed_through)) is R.INVALID) is refused


# --- the engine: revisions and tombstones -----------------------------------------------------


class Organisation:
    """The holder's software sending commands to the engine, one request each."""

    def __init__(self, capacity: int = 1) -> None:
        numbers = itertools.count(1)
        self.state = State(sessions={"S-1": replace(SESSION, capacity=capacity)},
                           new_pseudonym=lambda: f"t_{next(numbers)}")
        self.engine = Declarations(self.state)

    def send(self, cmd: str, caller: str | None = HOLDER, **fields: Any) -> Declared:
        command = parse_command(COMMANDS[cmd], {"session_id": "S-1", **fields})
        return self.engine.decide(caller, command)

    def event(self, cmd: str, **fields: Any) -> Any:
        declared = self.send(cmd, **fields)
        assert declared.event is not None, declared.rejection
        return declared.event


def refusal(declared: Declared) -> str | None:
    return None if declared.rejection is None else declared.rejection.reason.value


def test_an_open_day_withdrawn_is_a_new_revision_and_can_be_declared_again() -> None:
    of = Organisation()
    assert of.event("session.open_day", date="2019-09-23").revision == 1
    of.event("trainee.enrol", trainee_id="A", date="2019-09-23", profile=PROFILE)
    of.event("attendance.record", trainee_id="A", date="2019-09-23", hours_present=7, absence=None)
    withdrawn = of.send("session.open_day_withdraw", date="2019-09-23")
    assert isinstance(withdrawn.event, contract.OpenDayWithdrawn) and withdrawn.event.revision == 2
    assert not withdrawn.replaced
    assert refusal(of.send("session.open_day_withdraw", date="2019-09-23")) == "invalid"  # already withdrawn
    assert refusal(of.send("session.open_day_withdraw", date="2019-09-24")) == "invalid"  # never declared
    again = of.send("session.open_day", date="2019-09-23")
    assert again.event is not None and again.event.revision == 3 and not again.replaced  # not a correction
    # Hours recorded that day stay.
    assert of.state.attendance[("S-1", "t_1")][D1].value is not None


def test_cancelling_withdraws_every_declaration_of_the_stay_and_frees_the_place() -> None:
    of = Organisation(capacity=1)
    of.event("trainee.enrol", trainee_id="A", date="2019-09-23", profile=PROFILE)
    of.event("attendance.record", trainee_id="A", date="2019-09-23", hours_present=0, absence="unjustified")
    of.event("attendance.record", trainee_id="A", date="2019-09-24", hours_present=7, absence=None)
    of.event("attendance.record", trainee_id="A", date="2019-09-24", hours_present=0, absence="justified")
    of.event("trainee.suspend", trainee_id="A", date="2019-09-24", reason="short job")
    of.event("satisfaction.record", trainee_id="A", date="2019-09-24", score=2)
    assert refusal(of.send("trainee.enrol", trainee_id="B", date="2019-09-23", profile=PROFILE)) == "session_full"

    cancelled = of.event("trainee.enrol_cancel", trainee_id="A")
    assert isinstance(cancelled, contract.EnrolmentCancelled)
    assert cancelled.trainee_key == "t_1" and cancelled.enrolled_on == D1
    assert cancelled.stay_revision == 3  # enrolled (1), suspended (2), cancelled (3)
    assert [(w.kind, w.date, w.revision) for w in cancelled.withdrawn] == [
        ("attendance", D1, 2), ("attendance", D2, 3), ("satisfaction", None, 2)]
    changes = of.state.changes
    assert changes.cleared_suspensions == {("S-1", "t_1")} and not changes.started_suspensions
    assert of.state.stays[("S-1", "t_1")].status == "cancelled" and of.state.enrolled["S-1"] == 0

    assert refusal(of.send("trainee.enrol_cancel", trainee_id="A")) == "trainee_not_enrolled"
    assert refusal(of.send("attendance.record", trainee_id="A", date="2019-09-25", hours_present=7,
                           absence=None)) == "trainee_not_enrolled"
    assert refusal(of.send("satisfaction.record", trainee_id="A", date="2019-09-25", score=3)) == (
        "trainee_not_enrolled")
    # The place is free: another trainee, or the same one again as a new stay above the cancellation.
    enrolled = of.send("trainee.enrol", trainee_id="A", date="2019-09-24", profile=PROFILE)
    assert isinstance(enrolled.event, contract.TraineeEnrolled) and not enrolled.replaced
    assert enrolled.event.stay.revision == 4 and enrolled.event.stay.enrolled_on == D2
    assert of.event("attendance.record", trainee_id="A", date="2019-09-24", hours_present=5,
                    absence=None).revision == 4  # above the tombstone (3)
    suspended = of.event("trainee.suspend", trainee_id="A", date="2019-09-25", reason="again")
    assert suspended.suspension_number == 1  # the new stay numbers its own suspensions


def test_an_enrolment_with_hours_attended_or_an_exit_is_not_cancelled() -> None:
    of = Organisation(capacity=2)
    of.event("trainee.enrol", trainee_id="A", date="2019-09-23", profile=PROFILE)
    of.event("attendance.record", trainee_id="A", date="2019-09-23", hours_present=0.5, absence=None)
    assert refusal(of.send("trainee.enrol_cancel", trainee_id="A")) == "invalid"
    # A correction to 0 hours makes it an enrolment with nothing attended again.
    of.event("attendance.record", trainee_id="A", date="2019-09-23", hours_present=0, absence=None)
    assert of.send("trainee.enrol_cancel", trainee_id="A").accepted
    of.event("trainee.enrol", trainee_id="B", date="2019-09-23", profile=PROFILE)
    of.event("trainee.dropout", trainee_id="B", date="2019-09-23", reason="other")
    assert refusal(of.send("trainee.enrol_cancel", trainee_id="B")) == "invalid"


def test_an_enrolment_of_a_closed_period_is_refused_by_the_engine() -> None:
    of = Organisation()
    of.event("trainee.enrol", trainee_id="A", date="2019-09-23", profile=PROFILE)
    of.state.closed_through = "2019-09"
    assert refusal(of.send("trainee.enrol_cancel", trainee_id="A")) == "invalid"


def test_a_foreign_organisation_changes_nothing() -> None:
    of = Organisation()
    of.event("session.open_day", date="2019-09-23")
    of.event("trainee.enrol", trainee_id="A", date="2019-09-23", profile=PROFILE)
    events = list(of.state.changes.events)
    assert refusal(of.send("session.open_day_withdraw", OTHER, date="2019-09-23")) == "forbidden"
    assert refusal(of.send("trainee.enrol_cancel", OTHER, trainee_id="A")) == "forbidden"
    assert refusal(of.send("trainee.enrol_cancel", None, trainee_id="A")) == "forbidden"  # the back office
    assert of.state.changes.events == events and of.state.stays[("S-1", "t_1")].status == "enrolled"


def test_refusal_details_never_quote_a_trainee_id() -> None:
    person = "SSN-1850399123456"
    of = Organisation(capacity=1)
    of.event("trainee.enrol", trainee_id=person, date="2019-09-23", profile=PROFILE)
    of.event("attendance.record", trainee_id=person, date="2019-09-23", hours_present=2, absence=None)
    details = [of.send(cmd, **fields).rejection for cmd, fields in [
        ("trainee.enrol_cancel", {"trainee_id": person}),
        ("trainee.enrol_cancel", {"trainee_id": person + "-2"}),
        ("trainee.resume", {"trainee_id": person, "date": "2019-09-24"}),
        ("attendance.record", {"trainee_id": person, "date": "2019-09-22", "hours_present": 1, "absence": None}),
        ("trainee.enrol", {"trainee_id": person + "-3", "date": "2019-09-23", "profile": PROFILE}),
        ("trainee.complete", {"trainee_id": person, "date": "2019-09-25", "certification": "gold"}),
    ]]
    assert all(d is not None for d in details)
    assert all(person not in d.detail and "t_1" not in d.detail for d in details if d is not None)


def test_a_batch_sees_its_earlier_records() -> None:
    of = Organisation()
    commands = [parse_command(COMMANDS[cmd], {"session_id": "S-1", **fields}) for cmd, fields in [
        ("trainee.enrol", {"trainee_id": "A", "date": "2019-09-23", "profile": PROFILE}),
        ("attendance.record", {"trainee_id": "A", "date": "2019-09-23", "hours_present": 0, "absence": None}),
        ("trainee.enrol_cancel", {"trainee_id": "A"}),
        ("trainee.enrol", {"trainee_id": "B", "date": "2019-09-23", "profile": PROFILE}),
        ("trainee.enrol_cancel", {"trainee_id": "A"}),
    ]]
    results = of.engine.decide_all(HOLDER, commands)
    assert [refusal(r) for r in results] == [None, None, None, None, "trainee_not_enrolled"]
    assert sorted(of.state.changes.attendance) == [(("S-1", "t_1"), D1)]
    assert of.state.attendance[("S-1", "t_1")][D1].revision == 2 and not of.state.attendance[("S-1", "t_1")][D1].live
