"""Deciding a session's day commands against the state, and what an accepted one changes."""

from __future__ import annotations

from decimal import Decimal

from pacte_attendance.domain.answers import Declared, refused
from pacte_attendance.domain.commands import DeclareOpenDay, DeclareTrainerHours, WithdrawOpenDay
from pacte_attendance.domain.days import decide_open_day, decide_open_day_withdraw, decide_trainer_hours
from pacte_attendance.domain.state import Revised, State, TrainerDayKey, live, revise
from pacte_contracts import attendance as contract
from pacte_contracts.refusals import Rejection


def open_day(state: State, organisation_id: str, command: DeclareOpenDay) -> Declared:
    session = state.sessions.get(command.session_id)
    fact = decide_open_day(command, organisation_id, session)
    if isinstance(fact, Rejection):
        return refused(command.NAME, fact)
    assert session is not None
    key = (command.session_id, fact.date)
    previous = state.open_days.get(key)
    state.open_days[key] = row = revise(previous, True)
    state.changes.open_days.add(key)
    return state.accept(command.NAME, contract.OpenDayDeclared(
        session_id=command.session_id, organisation_id=session.holder_org_id, date=fact.date,
        revision=row.revision), live(previous))


def withdraw_open_day(state: State, organisation_id: str, command: WithdrawOpenDay) -> Declared:
    session = state.sessions.get(command.session_id)
    key = (command.session_id, command.date)
    previous = state.open_days.get(key)
    fact = decide_open_day_withdraw(command, organisation_id, session, declared_open=live(previous))
    if isinstance(fact, Rejection):
        return refused(command.NAME, fact)
    assert session is not None
    state.open_days[key] = row = revise(previous, None)
    state.changes.open_days.add(key)
    return state.accept(command.NAME, contract.OpenDayWithdrawn(
        session_id=command.session_id, organisation_id=session.holder_org_id, date=fact.date,
        revision=row.revision))


def trainer_hours(state: State, organisation_id: str, command: DeclareTrainerHours) -> Declared:
    session = state.sessions.get(command.session_id)
    day_hours: dict[str, Revised[Decimal]] = {}
    if session is not None and session.holder_org_id == organisation_id:
        day_key: TrainerDayKey = (session.holder_org_id, command.trainer_id, command.date)
        day_hours = state.trainer_days.setdefault(day_key, {})
    others = sum((row.value or Decimal(0) for sid, row in day_hours.items() if sid != command.session_id),
                 Decimal(0))
    fact = decide_trainer_hours(command, organisation_id, session, others)
    if isinstance(fact, Rejection):
        return refused(command.NAME, fact)
    assert session is not None
    previous = day_hours.get(command.session_id)
    day_hours[command.session_id] = row = revise(previous, fact.hours)
    state.changes.trainer_hours.add(((session.holder_org_id, fact.trainer_id, fact.date), command.session_id))
    return state.accept(command.NAME, contract.TrainerHoursDeclared(
        session_id=command.session_id, organisation_id=session.holder_org_id, trainer_id=fact.trainer_id,
        date=fact.date, hours=str(fact.hours), revision=row.revision), live(previous))
