"""Writes of what billing publishes: invoice versions, their disputes and payments, order closings,
running accruals. One statement per table per batch, idempotent by business key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

Row = tuple[Any, ...]


async def insert_invoices(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (invoice_id, version, order_id, period, total_cents, payable_cents, opening_days_billed,
    trainer_hours_billed, trainee_hours_billed). An issued version never changes."""
    if rows:
        await conn.executemany(
            """INSERT INTO invoices (invoice_id, version, order_id, period, total_cents, payable_cents,
                                     opening_days_billed, trainer_hours_billed, trainee_hours_billed)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING""",
            rows,
        )


async def insert_disputes(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (invoice_id, version, order_id, period). A version is disputed once and stays so."""
    if rows:
        await conn.executemany(
            """INSERT INTO invoice_disputes (invoice_id, version, order_id, period) VALUES ($1, $2, $3, $4)
               ON CONFLICT DO NOTHING""",
            rows,
        )


async def insert_payments(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (invoice_id, version, order_id, period, paid_cents)."""
    if rows:
        await conn.executemany(
            """INSERT INTO invoice_payments (invoice_id, version, order_id, period, paid_cents)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""",
            rows,
        )


async def insert_order_closings(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (order_id, amount_cents): the lowered amount. An order is closed once."""
    if rows:
        await conn.executemany(
            "INSERT INTO order_closings (order_id, amount_cents) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            rows,
        )


async def upsert_accruals(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (order_id, accrued_cents, sequence)."""
    if rows:
        # One statement per batch; the newest sequence of each order in the batch is the candidate.
        await conn.execute(
            """INSERT INTO accruals (order_id, accrued_cents, sequence)
               SELECT DISTINCT ON (order_id) * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
                   AS t(order_id, accrued_cents, sequence)
               ORDER BY order_id, sequence DESC
               ON CONFLICT (order_id) DO UPDATE SET accrued_cents = EXCLUDED.accrued_cents,
                   sequence = EXCLUDED.sequence
               WHERE accruals.sequence < EXCLUDED.sequence""",
            [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
        )
