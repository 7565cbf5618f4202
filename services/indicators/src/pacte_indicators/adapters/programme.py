"""Writes of what procurement publishes: tenders, lots, orders, sessions, job-seeker counts.

One statement per table per batch; callers pass rows already reduced to one per business key, and
each statement is idempotent (the highest revision wins), so redelivery and reordering converge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

Row = tuple[Any, ...]


async def upsert_tenders(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (tender_id, axis, procedure, budget_cents, starts_on, ends_on)."""
    if rows:
        await conn.executemany(
            """INSERT INTO tenders (tender_id, axis, procedure, budget_cents, starts_on, ends_on)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (tender_id) DO UPDATE SET axis = EXCLUDED.axis, procedure = EXCLUDED.procedure,
                   budget_cents = EXCLUDED.budget_cents, starts_on = EXCLUDED.starts_on,
                   ends_on = EXCLUDED.ends_on""",
            rows,
        )


async def close_tenders(conn: asyncpg.Connection, tender_ids: Sequence[str]) -> None:
    if tender_ids:
        await conn.execute(
            """INSERT INTO tenders (tender_id, closed) SELECT t, true FROM unnest($1::text[]) AS t
               ON CONFLICT (tender_id) DO UPDATE SET closed = true""",
            list(tender_ids),
        )


async def upsert_lot_definitions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (lot_id, tender_id, axis, territory, domain, action_type, session_capacity)."""
    if rows:
        await conn.executemany(
            """INSERT INTO lots (lot_id, tender_id, axis, territory, domain, action_type, session_capacity)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (lot_id) DO UPDATE SET tender_id = EXCLUDED.tender_id, axis = EXCLUDED.axis,
                   territory = EXCLUDED.territory, domain = EXCLUDED.domain,
                   action_type = EXCLUDED.action_type, session_capacity = EXCLUDED.session_capacity""",
            rows,
        )


async def set_lot_outcomes(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (lot_id, tender_id, status, holder_organisation_id or None). A lot leaves `open` once."""
    if rows:
        await conn.executemany(
            """INSERT INTO lots (lot_id, tender_id, status, holder_organisation_id) VALUES ($1, $2, $3, $4)
               ON CONFLICT (lot_id) DO UPDATE SET status = EXCLUDED.status,
                   holder_organisation_id = EXCLUDED.holder_organisation_id""",
            rows,
        )


async def insert_orders(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (order_id, lot_id, tender_id, axis, territory, domain, action_type, holder, amount_cents)."""
    if rows:
        await conn.executemany(
            """INSERT INTO orders (order_id, lot_id, tender_id, axis, territory, domain, action_type,
                                   holder_organisation_id, amount_cents)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (order_id) DO NOTHING""",
            rows,
        )


async def upsert_sessions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, order_id, lot_id, tender_id, axis, territory, domain, action_type, holder,
    starts_on, capacity, revision, planned_days (a count), hours_per_day)."""
    if rows:
        await conn.executemany(
            """INSERT INTO sessions (session_id, order_id, lot_id, tender_id, axis, territory, domain,
                                     action_type, holder_organisation_id, starts_on, capacity, revision,
                                     planned_days, hours_per_day)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
               ON CONFLICT (session_id) DO UPDATE SET order_id = EXCLUDED.order_id, lot_id = EXCLUDED.lot_id,
                   tender_id = EXCLUDED.tender_id, axis = EXCLUDED.axis, territory = EXCLUDED.territory,
                   domain = EXCLUDED.domain, action_type = EXCLUDED.action_type,
                   holder_organisation_id = EXCLUDED.holder_organisation_id, starts_on = EXCLUDED.starts_on,
                   capacity = EXCLUDED.capacity, revision = EXCLUDED.revision,
                   planned_days = EXCLUDED.planned_days, hours_per_day = EXCLUDED.hours_per_day
               WHERE sessions.revision < EXCLUDED.revision""",
            rows,
        )


async def cancel_sessions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, order_id, lot_id)."""
    if rows:
        await conn.executemany(
            """INSERT INTO session_cancellations (session_id, order_id, lot_id) VALUES ($1, $2, $3)
               ON CONFLICT (session_id) DO NOTHING""",
            rows,
        )


async def upsert_jobseeker_counts(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (territory, count, revision)."""
    if rows:
        await conn.executemany(
            """INSERT INTO jobseeker_counts (territory, count, revision) VALUES ($1, $2, $3)
               ON CONFLICT (territory) DO UPDATE SET count = EXCLUDED.count, revision = EXCLUDED.revision
               WHERE jobseeker_counts.revision < EXCLUDED.revision""",
            rows,
        )
