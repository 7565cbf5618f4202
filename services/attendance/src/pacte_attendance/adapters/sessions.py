"""Sessions as procurement announces them (procurement.session.v1), and their row locks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import asyncpg

from pacte_attendance.domain import SessionView

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
