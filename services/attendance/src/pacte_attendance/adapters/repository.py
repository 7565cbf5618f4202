"""SQL of the attendance declarations, set-based: every load takes all the keys of a request
(one record or a batch of thousands) in one round trip, every write is one statement per table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg

from pacte_attendance.domain import SessionView, TraineeStatus


@dataclass(slots=True)
class StoredStay:
    """A trainee's stay as stored: the domain's view plus what the `Stay` snapshot carries."""

    session_id: str
    trainee_key: str
    enrolled_on: date
    status: TraineeStatus
    exited_on: date | None
    suspended_on: date | None
    suspensions: int
    certification: str | None
    dropout_reason: str | None
    profile: dict[str, Any]
    revision: int


def advisory_key(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


async def lock_advisory(conn: asyncpg.Connection, names: Iterable[str]) -> None:
    """Transaction-scoped locks, always taken in ascending key order so two requests never deadlock."""
    keys = sorted({advisory_key(n) for n in names})
    if keys:
        await conn.execute(
            "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest($1::bigint[]) AS k ORDER BY 1) AS ordered",
            keys,
        )


# --- sessions ---------------------------------------------------------------------------------

_SESSION_COLUMNS = """session_id, order_id, lot_id, holder_org_id, starts_on, ends_on, planned_days,
                      hours_per_day, capacity, cancelled"""


def _session_view(row: asyncpg.Record) -> SessionView | None:
    if row["holder_org_id"] is None:
        return None  # only a cancellation tombstone: procurement's schedule has not arrived
    return SessionView(
        session_id=row["session_id"], order_id=row["order_id"], lot_id=row["lot_id"],
        holder_org_id=row["holder_org_id"], starts_on=row["starts_on"], ends_on=row["ends_on"],
        planned_days=frozenset(row["planned_days"]), hours_per_day=row["hours_per_day"],
        capacity=row["capacity"], cancelled=row["cancelled"],
    )


async def lock_sessions(conn: asyncpg.Connection, session_ids: Iterable[str]) -> dict[str, SessionView]:
    """Locks the sessions' rows in id order: every command on a session is serialised by it."""
    ids = sorted(set(session_ids))
    if not ids:
        return {}
    rows = await conn.fetch(
        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE session_id = ANY($1::text[]) ORDER BY session_id FOR UPDATE",
        ids,
    )
    views = {}
    for row in rows:
        view = _session_view(row)
        if view is not None:
            views[view.session_id] = view
    return views


async def get_session(conn: asyncpg.Connection, session_id: str) -> SessionView | None:
    row = await conn.fetchrow(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE session_id = $1", session_id)
    return None if row is None else _session_view(row)


async def upsert_scheduled(conn: asyncpg.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """(session_id, order_id, lot_id, holder, starts_on, ends_on, planned_days, hours_per_day, capacity,
    revision): keeps the highest revision; never clears a cancellation."""
    if rows:
        await conn.executemany(
            """INSERT INTO sessions (session_id, order_id, lot_id, holder_org_id, starts_on, ends_on, planned_days,
                                     hours_per_day, capacity, revision)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
               ON CONFLICT (session_id) DO UPDATE SET
                   order_id = EXCLUDED.order_id, lot_id = EXCLUDED.lot_id, holder_org_id = EXCLUDED.holder_org_id,
                   starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on, planned_days = EXCLUDED.planned_days,
                   hours_per_day = EXCLUDED.hours_per_day, capacity = EXCLUDED.capacity,
                   revision = EXCLUDED.revision, updated_at = clock_timestamp()
               WHERE sessions.revision < EXCLUDED.revision""",
            rows,
        )


async def mark_cancelled(conn: asyncpg.Connection, rows: Sequence[tuple[str, str, str]]) -> None:
    """(session_id, order_id, lot_id); a cancellation may arrive before the schedule: it leaves a tombstone."""
    if rows:
        await conn.execute(
            """INSERT INTO sessions (session_id, order_id, lot_id, cancelled)
               SELECT s, o, l, true FROM unnest($1::text[], $2::text[], $3::text[]) AS u(s, o, l)
               ON CONFLICT (session_id) DO UPDATE SET cancelled = true, updated_at = clock_timestamp()
               WHERE NOT sessions.cancelled""",
            [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
        )


# --- trainees ---------------------------------------------------------------------------------


async def load_stays(conn: asyncpg.Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], StoredStay]:
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = await conn.fetch(
        """SELECT s.* FROM stays s
           JOIN unnest($1::text[], $2::text[]) AS k(session_id, trainee_key) USING (session_id, trainee_key)""",
        [k[0] for k in wanted], [k[1] for k in wanted],
    )
    return {
        (r["session_id"], r["trainee_key"]): StoredStay(
            session_id=r["session_id"], trainee_key=r["trainee_key"], enrolled_on=r["enrolled_on"],
            status=r["status"], exited_on=r["exited_on"], suspended_on=r["suspended_on"],
            suspensions=r["suspensions"], certification=r["certification"], dropout_reason=r["dropout_reason"],
            profile=r["profile"], revision=r["revision"],
        )
        for r in rows
    }


async def count_enrolled(conn: asyncpg.Connection, session_ids: Iterable[str]) -> dict[str, int]:
    ids = sorted(set(session_ids))
    if not ids:
        return {}
    rows = await conn.fetch(
        "SELECT session_id, count(*) AS n FROM stays WHERE session_id = ANY($1::text[]) GROUP BY session_id", ids,
    )
    return {r["session_id"]: r["n"] for r in rows}


async def upsert_stays(conn: asyncpg.Connection, stays: Sequence[StoredStay]) -> None:
    if not stays:
        return
    await conn.execute(
        """INSERT INTO stays (session_id, trainee_key, enrolled_on, status, exited_on, suspended_on, suspensions,
                              certification, dropout_reason, profile, revision)
           SELECT a, b, c, d, e, f, g, h, i, j::jsonb, k
           FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::date[], $6::date[], $7::int[],
                       $8::text[], $9::text[], $10::text[], $11::int[]) AS u(a, b, c, d, e, f, g, h, i, j, k)
           ON CONFLICT (session_id, trainee_key) DO UPDATE SET
               enrolled_on = EXCLUDED.enrolled_on, status = EXCLUDED.status, exited_on = EXCLUDED.exited_on,
               suspended_on = EXCLUDED.suspended_on, suspensions = EXCLUDED.suspensions,
               certification = EXCLUDED.certification, dropout_reason = EXCLUDED.dropout_reason,
               profile = EXCLUDED.profile, revision = EXCLUDED.revision, updated_at = clock_timestamp()""",
        [s.session_id for s in stays], [s.trainee_key for s in stays], [s.enrolled_on for s in stays],
        [s.status for s in stays], [s.exited_on for s in stays], [s.suspended_on for s in stays],
        [s.suspensions for s in stays], [s.certification for s in stays], [s.dropout_reason for s in stays],
        [json.dumps(s.profile, sort_keys=True) for s in stays], [s.revision for s in stays],
    )


async def insert_suspensions(conn: asyncpg.Connection,
                             rows: Sequence[tuple[str, str, int, date, str, str | None]]) -> None:
    """(session_id, trainee_key, number, suspended_on, reason, attestation_ref)."""
    if rows:
        await conn.executemany(
            """INSERT INTO suspensions (session_id, trainee_key, number, suspended_on, reason,
                                        suspension_attestation_ref) VALUES ($1, $2, $3, $4, $5, $6)""",
            rows,
        )


async def close_suspensions(conn: asyncpg.Connection, rows: Sequence[tuple[str, str, int, date, str | None]]) -> None:
    """(session_id, trainee_key, number, resumed_on, attestation_ref)."""
    if rows:
        await conn.executemany(
            """UPDATE suspensions SET resumed_on = $4, resumption_attestation_ref = $5
               WHERE session_id = $1 AND trainee_key = $2 AND number = $3""",
            rows,
        )


# --- declarations keyed by business key -------------------------------------------------------


async def open_day_revisions(conn: asyncpg.Connection, keys: Iterable[tuple[str, date]]) -> dict[tuple[str, date], int]:
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = await conn.fetch(
        """SELECT session_id, day, revision FROM open_days
           JOIN unnest($1::text[], $2::date[]) AS k(session_id, day) USING (session_id, day)""",
        [k[0] for k in wanted], [k[1] for k in wanted],
    )
    return {(r["session_id"], r["day"]): r["revision"] for r in rows}


async def upsert_open_days(conn: asyncpg.Connection, rows: dict[tuple[str, date], int]) -> None:
    if rows:
        keys = list(rows)
        await conn.execute(
            """INSERT INTO open_days (session_id, day, revision)
               SELECT * FROM unnest($1::text[], $2::date[], $3::int[])
               ON CONFLICT (session_id, day) DO UPDATE SET revision = EXCLUDED.revision,
                                                           declared_at = clock_timestamp()""",
            [k[0] for k in keys], [k[1] for k in keys], [rows[k] for k in keys],
        )


TrainerDayKey = tuple[str, str, date]  # (organisation, trainer, day)


async def trainer_day_hours(
    conn: asyncpg.Connection, keys: Iterable[TrainerDayKey]
) -> dict[TrainerDayKey, dict[str, tuple[Decimal, int]]]:
    """Per (organisation, trainer, day): session → (hours, revision) over all the organisation's sessions."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = await conn.fetch(
        """SELECT organisation_id, trainer_id, day, session_id, hours, revision FROM trainer_hours
           JOIN unnest($1::text[], $2::text[], $3::date[]) AS k(organisation_id, trainer_id, day)
           USING (organisation_id, trainer_id, day)""",
        [k[0] for k in wanted], [k[1] for k in wanted], [k[2] for k in wanted],
    )
    found: dict[TrainerDayKey, dict[str, tuple[Decimal, int]]] = {}
    for r in rows:
        found.setdefault((r["organisation_id"], r["trainer_id"], r["day"]), {})[r["session_id"]] = (
            r["hours"], r["revision"])
    return found


async def upsert_trainer_hours(conn: asyncpg.Connection,
                               rows: dict[tuple[str, str, date], tuple[str, Decimal, int]]) -> None:
    """(session, trainer, day) → (organisation, hours, revision)."""
    if rows:
        keys = list(rows)
        await conn.execute(
            """INSERT INTO trainer_hours (session_id, trainer_id, day, organisation_id, hours, revision)
               SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::numeric[], $6::int[])
               ON CONFLICT (session_id, trainer_id, day) DO UPDATE SET hours = EXCLUDED.hours,
                   revision = EXCLUDED.revision, declared_at = clock_timestamp()""",
            [k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys],
            [rows[k][0] for k in keys], [rows[k][1] for k in keys], [rows[k][2] for k in keys],
        )


async def attendance_revisions(
    conn: asyncpg.Connection, keys: Iterable[tuple[str, str, date]]
) -> dict[tuple[str, str, date], int]:
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = await conn.fetch(
        """SELECT session_id, trainee_key, day, revision FROM attendance_records
           JOIN unnest($1::text[], $2::text[], $3::date[]) AS k(session_id, trainee_key, day)
           USING (session_id, trainee_key, day)""",
        [k[0] for k in wanted], [k[1] for k in wanted], [k[2] for k in wanted],
    )
    return {(r["session_id"], r["trainee_key"], r["day"]): r["revision"] for r in rows}


async def upsert_attendance(conn: asyncpg.Connection,
                            rows: dict[tuple[str, str, date], tuple[Decimal, str | None, int]]) -> None:
    """(session, trainee_key, day) → (hours_present, absence, revision)."""
    if rows:
        keys = list(rows)
        await conn.execute(
            """INSERT INTO attendance_records (session_id, trainee_key, day, hours_present, absence, revision)
               SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::numeric[], $5::text[], $6::int[])
               ON CONFLICT (session_id, trainee_key, day) DO UPDATE SET hours_present = EXCLUDED.hours_present,
                   absence = EXCLUDED.absence, revision = EXCLUDED.revision, declared_at = clock_timestamp()""",
            [k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys],
            [rows[k][0] for k in keys], [rows[k][1] for k in keys], [rows[k][2] for k in keys],
        )


async def satisfaction_revisions(conn: asyncpg.Connection,
                                 keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = await conn.fetch(
        """SELECT session_id, trainee_key, revision FROM satisfaction_scores
           JOIN unnest($1::text[], $2::text[]) AS k(session_id, trainee_key) USING (session_id, trainee_key)""",
        [k[0] for k in wanted], [k[1] for k in wanted],
    )
    return {(r["session_id"], r["trainee_key"]): r["revision"] for r in rows}


async def upsert_satisfaction(conn: asyncpg.Connection,
                              rows: dict[tuple[str, str], tuple[date, int, int]]) -> None:
    """(session, trainee_key) → (date, score, revision)."""
    if rows:
        keys = list(rows)
        await conn.execute(
            """INSERT INTO satisfaction_scores (session_id, trainee_key, day, score, revision)
               SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::int[], $5::int[])
               ON CONFLICT (session_id, trainee_key) DO UPDATE SET day = EXCLUDED.day, score = EXCLUDED.score,
                   revision = EXCLUDED.revision, declared_at = clock_timestamp()""",
            [k[0] for k in keys], [k[1] for k in keys], [rows[k][0] for k in keys],
            [rows[k][1] for k in keys], [rows[k][2] for k in keys],
        )


async def outcome_revisions(conn: asyncpg.Connection,
                            keys: Iterable[tuple[str, str, int]]) -> dict[tuple[str, str, int], int]:
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = await conn.fetch(
        """SELECT session_id, trainee_key, months_after_exit, revision FROM outcomes
           JOIN unnest($1::text[], $2::text[], $3::int[]) AS k(session_id, trainee_key, months_after_exit)
           USING (session_id, trainee_key, months_after_exit)""",
        [k[0] for k in wanted], [k[1] for k in wanted], [k[2] for k in wanted],
    )
    return {(r["session_id"], r["trainee_key"], r["months_after_exit"]): r["revision"] for r in rows}


async def upsert_outcomes(conn: asyncpg.Connection,
                          rows: dict[tuple[str, str, int], tuple[date, str, int]]) -> None:
    """(session, trainee_key, months) → (observed_on, status, revision)."""
    if rows:
        keys = list(rows)
        await conn.execute(
            """INSERT INTO outcomes (session_id, trainee_key, months_after_exit, observed_on, status, revision)
               SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::date[], $5::text[], $6::int[])
               ON CONFLICT (session_id, trainee_key, months_after_exit) DO UPDATE SET
                   observed_on = EXCLUDED.observed_on, status = EXCLUDED.status, revision = EXCLUDED.revision,
                   recorded_at = clock_timestamp()""",
            [k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys],
            [rows[k][0] for k in keys], [rows[k][1] for k in keys], [rows[k][2] for k in keys],
        )


# --- reads --------------------------------------------------------------------------------------


async def session_summary(conn: asyncpg.Connection, session_id: str) -> dict[str, Any]:
    stays = await conn.fetch(
        """SELECT trainee_key, enrolled_on, status, exited_on, certification, dropout_reason, suspensions, revision
           FROM stays WHERE session_id = $1 ORDER BY enrolled_on, trainee_key""",
        session_id,
    )
    counts = await conn.fetchrow(
        """SELECT (SELECT count(*) FROM open_days WHERE session_id = $1) AS open_days,
                  (SELECT coalesce(sum(hours), 0) FROM trainer_hours WHERE session_id = $1) AS trainer_hours,
                  (SELECT count(*) FROM attendance_records WHERE session_id = $1) AS attendance_records,
                  (SELECT coalesce(sum(hours_present), 0) FROM attendance_records WHERE session_id = $1)
                      AS hours_present""",
        session_id,
    )
    return {
        "open_days": counts["open_days"],
        "trainer_hours": counts["trainer_hours"],
        "attendance_records": counts["attendance_records"],
        "hours_present": counts["hours_present"],
        "trainees": [dict(r) for r in stays],
    }
