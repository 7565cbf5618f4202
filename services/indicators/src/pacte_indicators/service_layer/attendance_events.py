"""Handlers of attendance's trainee events: stays, suspensions, outcomes, satisfaction scores and
cancelled enrolments. Open days, trainer hours and attendance records are not read here: billed
quantities come from invoices, so their withdrawals (`OpenDayWithdrawn`, the attendance tombstones
of a cancellation) change nothing for indicators."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from pacte_contracts.attendance import (
    EnrolmentCancelled,
    OutcomeRecorded,
    SatisfactionRecorded,
    TraineeEvent,
    TraineeSuspended,
)
from pacte_indicators.adapters import stays

from .batches import first, newest


async def on_trainee_event(conn: asyncpg.Connection, events: Sequence[TraineeEvent]) -> None:
    """Enrolled, suspended, resumed, dropped out, completed: each carries the whole stay after it."""
    rows = []
    for e in newest(events, lambda e: (e.session_id, e.trainee_key), lambda e: e.stay.revision):
        stay, profile = e.stay, e.stay.profile
        rows.append((
            e.session_id, e.trainee_key, stay.revision, stay.status, stay.enrolled_on,
            profile.qualification.value if profile.qualification else None, profile.jobseeker_registered,
            sorted({p.value for p in profile.priority_publics}), stay.exited_on,
            stay.certification.value if stay.certification else None,
            stay.dropout_reason.value if stay.dropout_reason else None, stay.person_key,
        ))
    await stays.upsert_stays(conn, rows)
    suspensions = newest((e for e in events if isinstance(e, TraineeSuspended)),
                         lambda e: (e.session_id, e.trainee_key, e.suspension_number), lambda e: e.stay.revision)
    await stays.upsert_suspensions(conn, [
        (e.session_id, e.trainee_key, e.suspension_number, e.date, e.stay.revision) for e in suspensions
    ])


async def on_enrolment_cancelled(conn: asyncpg.Connection, events: Sequence[EnrolmentCancelled]) -> None:
    """The enrolment never existed: its stay revision kills every older stay event, and its score and
    outcomes are withdrawn by revisions without a value (whatever arrives first)."""
    await stays.upsert_cancellations(conn, [
        (e.session_id, e.trainee_key, e.stay_revision)
        for e in newest(events, lambda e: (e.session_id, e.trainee_key), lambda e: e.stay_revision)
    ])
    withdrawn = [(e, w) for e in first(events, lambda e: (e.session_id, e.trainee_key, e.stay_revision))
                 for w in e.withdrawn]
    await stays.insert_satisfactions(conn, [
        (e.session_id, e.trainee_key, w.revision, None, None) for e, w in withdrawn if w.kind == "satisfaction"
    ])
    await stays.insert_outcomes(conn, [
        (e.session_id, e.trainee_key, w.months_after_exit, w.revision, None, None)
        for e, w in withdrawn if w.kind == "outcome" and w.months_after_exit is not None
    ])


async def on_outcome_recorded(conn: asyncpg.Connection, events: Sequence[OutcomeRecorded]) -> None:
    await stays.insert_outcomes(conn, [
        (e.session_id, e.trainee_key, e.months_after_exit, e.revision, e.observed_on, e.status.value)
        for e in first(events, lambda e: (e.session_id, e.trainee_key, e.months_after_exit, e.revision))
    ])


async def on_satisfaction_recorded(conn: asyncpg.Connection, events: Sequence[SatisfactionRecorded]) -> None:
    await stays.insert_satisfactions(conn, [
        (e.session_id, e.trainee_key, e.revision, e.date, e.score)
        for e in first(events, lambda e: (e.session_id, e.trainee_key, e.revision))
    ])
