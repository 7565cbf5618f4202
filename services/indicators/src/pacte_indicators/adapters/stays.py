"""Writes of what attendance publishes about trainees: stays, suspensions, outcomes, satisfaction
scores, and the cancellations of enrolments made by mistake.

One statement per table per batch, idempotent by business key and revision. A cancellation is kept
apart from the stay (like a session's cancellation), so that one delivered before the stay events
it kills still kills them; its withdrawn score and outcomes are revisions without a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

Row = tuple[Any, ...]


async def upsert_stays(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, revision, status, enrolled_on, qualification,
    jobseeker_registered, priority_publics, exited_on, certification, dropout_reason, person_key)."""
    if rows:
        await conn.executemany(
            """INSERT INTO stays (session_id, trainee_key, revision, status, enrolled_on, qualification,
                                  jobseeker_registered, priority_publics, exited_on, certification, dropout_reason,
                                  person_key)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
               ON CONFLICT (session_id, trainee_key) DO UPDATE SET revision = EXCLUDED.revision,
                   status = EXCLUDED.status, enrolled_on = EXCLUDED.enrolled_on,
                   qualification = EXCLUDED.qualification, jobseeker_registered = EXCLUDED.jobseeker_registered,
                   priority_publics = EXCLUDED.priority_publics, exited_on = EXCLUDED.exited_on,
                   certification = EXCLUDED.certification, dropout_reason = EXCLUDED.dropout_reason,
                   person_key = EXCLUDED.person_key
               WHERE stays.revision < EXCLUDED.revision""",
            rows,
        )


async def upsert_suspensions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, suspension_number, started_on, stay_revision)."""
    if rows:
        await conn.executemany(
            """INSERT INTO suspensions (session_id, trainee_key, suspension_number, started_on, stay_revision)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (session_id, trainee_key, suspension_number) DO UPDATE
                   SET started_on = EXCLUDED.started_on, stay_revision = EXCLUDED.stay_revision
               WHERE suspensions.stay_revision < EXCLUDED.stay_revision""",
            rows,
        )


async def upsert_cancellations(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, stay_revision). The newest cancellation of a stay is kept."""
    if rows:
        await conn.executemany(
            """INSERT INTO enrolment_cancellations (session_id, trainee_key, stay_revision) VALUES ($1, $2, $3)
               ON CONFLICT (session_id, trainee_key) DO UPDATE SET stay_revision = EXCLUDED.stay_revision
               WHERE enrolment_cancellations.stay_revision < EXCLUDED.stay_revision""",
            rows,
        )


async def insert_outcomes(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, months_after_exit, revision, observed_on, status); observed_on
    and status are None for a withdrawn outcome."""
    if rows:
        await conn.executemany(
            """INSERT INTO outcome_revisions (session_id, trainee_key, months_after_exit, revision, observed_on,
                                              status)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
            rows,
        )


async def insert_satisfactions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, revision, recorded_on, score); recorded_on and score are None
    for a withdrawn score."""
    if rows:
        await conn.executemany(
            """INSERT INTO satisfaction_revisions (session_id, trainee_key, revision, recorded_on, score)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""",
            rows,
        )
