"""What an organisation reads back of what it declared: its sessions, the declarations of one of them
(every key's current revision, withdrawals included, so a connector can mirror them), and everything
declared for one trainee. Queries are scoped by the session holder first: another organisation's
session is simply not found. Trainees appear as their pseudonyms, as in every answer and event."""

from __future__ import annotations

from typing import Any

import asyncpg

from pacte_platform.paging import Page, Query

_SESSIONS = """SELECT s.session_id, s.order_id, s.lot_id, s.starts_on, s.ends_on, s.planned_days, s.hours_per_day,
                      s.capacity, s.cancelled, s.revision,
                      (SELECT count(*) FROM stays t WHERE t.session_id = s.session_id AND t.status <> 'cancelled')
                          AS trainees
               FROM sessions s"""

#: Every declaration as (kind, subject, key_date, seq): its business key within the session, the
#: keyset order of a page. `subject` is the trainee's pseudonym or the trainer's id.
_DECLARATIONS = """SELECT * FROM (
    SELECT 'open_day' AS kind, '' AS subject, day AS key_date, 0 AS seq, session_id, NULL AS trainee,
           NULL AS trainer_id, day AS date, revision, withdrawn, declared_at,
           jsonb_build_object('open', NOT withdrawn) AS value
      FROM open_days
    UNION ALL
    SELECT 'trainer_hours', trainer_id, day, 0, session_id, NULL, trainer_id, day, revision, false, declared_at,
           jsonb_build_object('hours', hours::text)
      FROM trainer_hours
    UNION ALL
    SELECT 'enrolment', trainee_key, enrolled_on, 0, session_id, trainee_key, NULL, enrolled_on, revision,
           status = 'cancelled', updated_at,
           jsonb_build_object('status', status, 'exited_on', exited_on, 'certification', certification,
                              'dropout_reason', dropout_reason, 'suspensions', suspensions, 'profile', profile)
      FROM stays
    UNION ALL
    SELECT 'attendance', trainee_key, day, 0, session_id, trainee_key, NULL, day, revision, withdrawn, declared_at,
           jsonb_build_object('hours_present', hours_present::text, 'absence', absence)
      FROM attendance_records
    UNION ALL
    SELECT 'satisfaction', trainee_key, DATE '0001-01-01', 0, session_id, trainee_key, NULL, day, revision,
           withdrawn, declared_at, jsonb_build_object('score', score)
      FROM satisfaction_scores
    UNION ALL
    SELECT 'outcome', trainee_key, DATE '0001-01-01', months_after_exit, session_id, trainee_key, NULL, observed_on,
           revision, withdrawn, recorded_at,
           jsonb_build_object('months_after_exit', months_after_exit, 'status', status)
      FROM outcomes
) d"""
KINDS = ("open_day", "trainer_hours", "enrolment", "attendance", "satisfaction", "outcome")
_ORDER = [("d.kind", "text"), ("d.subject", "text"), ("d.key_date", "date"), ("d.seq", "int")]


async def sessions(conn: asyncpg.Connection, organisation_id: str, *, order_id: str | None, lot_id: str | None,
                   cancelled: bool | None, cursor: str | None, limit: int) -> Page:
    q = Query(_SESSIONS, [("s.session_id", "text")], ["s.holder_org_id = $1"], [organisation_id])
    q.where("s.order_id = {}", order_id).where("s.lot_id = {}", lot_id).where("s.cancelled = {}", cancelled)
    return await q.page(conn, cursor, limit)


async def holds_session(conn: asyncpg.Connection, organisation_id: str, session_id: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM sessions WHERE session_id = $1 AND holder_org_id = $2)",
        session_id, organisation_id))


async def declarations(conn: asyncpg.Connection, session_id: str, *, kind: str | None, trainee: str | None,
                       cursor: str | None, limit: int) -> Page:
    q = Query(_DECLARATIONS, _ORDER, ["d.session_id = $1"], [session_id])
    q.where("d.kind = {}", kind).where("d.trainee = {}", trainee)
    return await q.page(conn, cursor, limit)


async def trainee_declarations(conn: asyncpg.Connection, organisation_id: str, pseudonym: str) -> list[dict[str, Any]]:
    """Every declaration of one trainee in the organisation's sessions, session by session."""
    rows = await conn.fetch(
        f"""{_DECLARATIONS} WHERE d.trainee = $1
              AND d.session_id IN (SELECT session_id FROM sessions WHERE holder_org_id = $2)
            ORDER BY d.session_id, {', '.join(e for e, _ in _ORDER)}""",
        pseudonym, organisation_id)
    return [dict(r) for r in rows]
