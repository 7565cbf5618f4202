"""Deciding attendance, satisfaction and outcome records against the state, and what an accepted
one changes: a new revision of its key (a re-send replaces the value, BILLING.md)."""

from __future__ import annotations

from pacte_attendance.domain.answers import Declared, refused
from pacte_attendance.domain.commands import RecordAttendance, RecordOutcome, RecordSatisfaction
from pacte_attendance.domain.records import decide_attendance, decide_outcome, decide_satisfaction
from pacte_attendance.domain.state import State, live, revise
from pacte_contracts import attendance as contract
from pacte_contracts.refusals import Rejection


def attendance(state: State, organisation_id: str, command: RecordAttendance) -> Declared:
    session, key, record = state.stay_of(command.session_id, command.trainee_id)
    fact = decide_attendance(command, organisation_id, session, record.view() if record is not None else None)
    if isinstance(fact, Rejection):
        return refused(command.NAME, fact)
    assert session is not None and key is not None
    days = state.attendance.setdefault((command.session_id, key), {})
    previous = days.get(fact.date)
    days[fact.date] = row = revise(previous, fact)
    state.changes.attendance.add(((command.session_id, key), fact.date))
    return state.accept(command.NAME, contract.AttendanceRecorded(
        session_id=command.session_id, organisation_id=session.holder_org_id, trainee_key=key, date=fact.date,
        hours_present=str(fact.hours_present), absence=fact.absence, revision=row.revision), live(previous))


def satisfaction(state: State, organisation_id: str, command: RecordSatisfaction) -> Declared:
    session, key, record = state.stay_of(command.session_id, command.trainee_id)
    fact = decide_satisfaction(command, organisation_id, session, record.view() if record is not None else None)
    if isinstance(fact, Rejection):
        return refused(command.NAME, fact)
    assert session is not None and key is not None
    previous = state.satisfaction.get((command.session_id, key))
    state.satisfaction[(command.session_id, key)] = row = revise(previous, fact)
    state.changes.satisfaction.add((command.session_id, key))
    return state.accept(command.NAME, contract.SatisfactionRecorded(
        session_id=command.session_id, organisation_id=session.holder_org_id, trainee_key=key, date=fact.date,
        score=fact.score, revision=row.revision), live(previous))


def outcome(state: State, organisation_id: str | None, command: RecordOutcome) -> Declared:
    session, key, record = state.stay_of(command.session_id, command.trainee_id)
    fact = decide_outcome(command, organisation_id, session, record.view() if record is not None else None)
    if isinstance(fact, Rejection):
        return refused(command.NAME, fact)
    assert session is not None and key is not None
    months = state.outcomes.setdefault((command.session_id, key), {})
    previous = months.get(fact.months_after_exit)
    months[fact.months_after_exit] = row = revise(previous, fact)
    state.changes.outcomes.add(((command.session_id, key), fact.months_after_exit))
    return state.accept(command.NAME, contract.OutcomeRecorded(
        session_id=command.session_id, organisation_id=session.holder_org_id, trainee_key=key,
        months_after_exit=fact.months_after_exit, observed_on=fact.observed_on, status=fact.status,
        revision=row.revision), live(previous))
