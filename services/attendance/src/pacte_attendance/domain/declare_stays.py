"""Deciding the commands that move a stay (enrol, cancel, suspend, resume, dropout, complete)
against the state, and what an accepted one changes. The domain only ever sees pseudonyms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from pacte_attendance.domain.answers import Declared, refused
from pacte_attendance.domain.commands import CancelEnrolment, Complete, Dropout, Enrol, Resume, Suspend
from pacte_attendance.domain.enrolment import decide_enrol, decide_enrol_cancel
from pacte_attendance.domain.facts import StayMove
from pacte_attendance.domain.lifecycle import (
    decide_complete,
    decide_dropout,
    decide_resume,
    decide_suspend,
    new_state_after,
)
from pacte_attendance.domain.model import SessionView, TraineeStay
from pacte_attendance.domain.state import State, StayKey, StayRecord, SuspensionChange, revise
from pacte_contracts import attendance as contract
from pacte_contracts.refusals import Rejection

F = TypeVar("F", bound=StayMove)


def _about(session: SessionView, trainee_key: str, day: date) -> dict[str, Any]:
    return {"session_id": session.session_id, "organisation_id": session.holder_org_id, "trainee_key": trainee_key,
            "date": day}


def enrol(state: State, organisation_id: str, command: Enrol) -> Declared:
    session, key, record = state.stay_of(command.session_id, command.trainee_id)
    fact = decide_enrol(command, organisation_id, session, record.view() if record is not None else None,
                        state.enrolled.get(command.session_id, 0))
    if isinstance(fact, Rejection):
        return refused(command.NAME, fact)
    assert session is not None
    key = key or state.pseudonym_for(session.holder_org_id, command.trainee_id)
    # The profile is replaced whole, so a correction without person_ref unlinks the stay.
    person_key = state.person_for(command.profile.person_ref)
    if fact.is_replacement:
        assert record is not None
        stay = replace(record, enrolled_on=fact.date, profile=fact.profile, revision=record.revision + 1,
                       person_key=person_key)
    else:
        # A new stay, also after a cancelled one: its revision continues the key's.
        stay = StayRecord(fact.date, "enrolled", fact.profile, (record.revision if record else 0) + 1,
                          person_key=person_key)
        state.enrolled[command.session_id] = state.enrolled.get(command.session_id, 0) + 1
    state.put_stay((command.session_id, key), stay)
    return state.accept(command.NAME, contract.TraineeEnrolled(**_about(session, key, fact.date),
                                                               stay=stay.snapshot()), fact.is_replacement)


def cancel_enrolment(state: State, organisation_id: str, command: CancelEnrolment) -> Declared:
    session, key, record = state.stay_of(command.session_id, command.trainee_id)
    days = state.attendance.get((command.session_id, key), {}) if key is not None else {}
    attended = any(row.value is not None and row.value.hours_present > 0 for row in days.values())
    fact = decide_enrol_cancel(command, organisation_id, session, record.view() if record is not None else None,
                               attended=attended, closed_through=state.closed_through)
    if isinstance(fact, Rejection):
        return refused(command.NAME, fact)
    assert session is not None and key is not None and record is not None
    stay_key: StayKey = (command.session_id, key)
    cancelled = record.cancelled()
    state.put_stay(stay_key, cancelled)
    state.enrolled[command.session_id] -= 1  # read for every cancellation's session (reads.py)
    _clear_suspensions(state, stay_key)
    return state.accept(command.NAME, contract.EnrolmentCancelled(
        session_id=session.session_id, organisation_id=session.holder_org_id, trainee_key=key,
        enrolled_on=record.enrolled_on, stay_revision=cancelled.revision, withdrawn=_withdraw_records(state, stay_key)))


def _withdraw_records(state: State, stay: StayKey) -> list[contract.WithdrawnDeclaration]:
    """Every live declaration of the stay becomes a tombstone, a new revision of its own key."""
    withdrawn: list[contract.WithdrawnDeclaration] = []
    days = state.attendance.get(stay, {})
    for day, row in sorted(days.items()):
        if row.live:
            days[day] = absent = revise(row, None)
            state.changes.attendance.add((stay, day))
            withdrawn.append(contract.WithdrawnDeclaration(kind="attendance", date=day, revision=absent.revision))
    score = state.satisfaction.get(stay)
    if score is not None and score.live:
        state.satisfaction[stay] = unscored = revise(score, None)
        state.changes.satisfaction.add(stay)
        withdrawn.append(contract.WithdrawnDeclaration(kind="satisfaction", revision=unscored.revision))
    outcomes = state.outcomes.get(stay, {})
    for months, outcome in sorted(outcomes.items()):
        if outcome.live:
            outcomes[months] = unobserved = revise(outcome, None)
            state.changes.outcomes.add((stay, months))
            withdrawn.append(contract.WithdrawnDeclaration(kind="outcome", months_after_exit=months,
                                                           revision=unobserved.revision))
    return withdrawn


def _clear_suspensions(state: State, stay: StayKey) -> None:
    changes = state.changes
    changes.cleared_suspensions.add(stay)
    changes.started_suspensions = [s for s in changes.started_suspensions if s.stay != stay]
    changes.ended_suspensions = [s for s in changes.ended_suspensions if s.stay != stay]


@dataclass(frozen=True, slots=True)
class _Moving(Generic[F]):
    key: StayKey
    record: StayRecord
    fact: F
    stay: TraineeStay  # the domain's view after the move
    about: dict[str, Any]  # the event's session, organisation, trainee and date


def _moving(state: State, organisation_id: str, command: Suspend | Resume | Dropout | Complete,
            decide: Callable[[Any, str, SessionView | None, TraineeStay | None], F | Rejection]
            ) -> _Moving[F] | Rejection:
    session, key, record = state.stay_of(command.session_id, command.trainee_id)
    view = record.view() if record is not None else None
    fact = decide(command, organisation_id, session, view)
    if isinstance(fact, Rejection):
        return fact
    assert session is not None and key is not None and record is not None
    return _Moving((command.session_id, key), record, fact, new_state_after(view, fact),
                   _about(session, key, command.date))


def suspend(state: State, organisation_id: str, command: Suspend) -> Declared:
    moving = _moving(state, organisation_id, command, decide_suspend)
    if isinstance(moving, Rejection):
        return refused(command.NAME, moving)
    stay = moving.record.moved(moving.stay, suspensions=moving.record.suspensions + 1)
    state.changes.started_suspensions.append(SuspensionChange(
        moving.key, stay.suspensions, command.date, command.skills_attestation_ref, moving.fact.reason))
    state.put_stay(moving.key, stay)
    return state.accept(command.NAME, contract.TraineeSuspended(
        **moving.about, stay=stay.snapshot(), suspension_number=stay.suspensions),
        extra={"skills_attestation_ref": command.skills_attestation_ref})


def resume(state: State, organisation_id: str, command: Resume) -> Declared:
    moving = _moving(state, organisation_id, command, decide_resume)
    if isinstance(moving, Rejection):
        return refused(command.NAME, moving)
    stay = moving.record.moved(moving.stay)
    state.changes.ended_suspensions.append(SuspensionChange(
        moving.key, stay.suspensions, command.date, command.skills_attestation_ref))
    state.put_stay(moving.key, stay)
    return state.accept(command.NAME, contract.TraineeResumed(**moving.about, stay=stay.snapshot()),
                        extra={"skills_attestation_ref": command.skills_attestation_ref})


def dropout(state: State, organisation_id: str, command: Dropout) -> Declared:
    moving = _moving(state, organisation_id, command, decide_dropout)
    if isinstance(moving, Rejection):
        return refused(command.NAME, moving)
    stay = moving.record.moved(moving.stay, dropout_reason=moving.fact.reason)
    state.put_stay(moving.key, stay)
    return state.accept(command.NAME, contract.TraineeDroppedOut(
        **moving.about, stay=stay.snapshot(), reason=moving.fact.reason))


def complete(state: State, organisation_id: str, command: Complete) -> Declared:
    moving = _moving(state, organisation_id, command, decide_complete)
    if isinstance(moving, Rejection):
        return refused(command.NAME, moving)
    stay = moving.record.moved(moving.stay, certification=moving.fact.certification)
    state.put_stay(moving.key, stay)
    return state.accept(command.NAME, contract.TraineeCompleted(
        **moving.about, stay=stay.snapshot(), certification=moving.fact.certification))
