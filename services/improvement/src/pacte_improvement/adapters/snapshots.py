"""Indicator snapshots as received, and the decisions of each period closing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import asyncpg


async def store_snapshot(conn: asyncpg.Connection, period: str, as_of: date, scopes: dict[str, Any],
                         occurred_at: datetime) -> None:
    # A snapshot taken again for the same period knows more late facts: the newest one is kept
    # for progress views, whatever the delivery order. Evaluation results do not change with it.
    await conn.execute(
        """INSERT INTO snapshots (period, as_of, scopes, occurred_at) VALUES ($1, $2, $3::jsonb, $4)
           ON CONFLICT (period) DO UPDATE SET as_of = EXCLUDED.as_of, scopes = EXCLUDED.scopes,
               occurred_at = EXCLUDED.occurred_at, received_at = clock_timestamp()
           WHERE snapshots.occurred_at < EXCLUDED.occurred_at""",
        period, as_of, scopes, occurred_at,
    )


async def latest_snapshot(conn: asyncpg.Connection, *, on_or_before: date | None = None
                          ) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT period, as_of, scopes FROM snapshots WHERE ($1::date IS NULL OR as_of <= $1)
           ORDER BY as_of DESC, period DESC LIMIT 1""",
        on_or_before,
    )


async def latest_snapshot_before(conn: asyncpg.Connection, before: date) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT period, as_of, scopes FROM snapshots WHERE as_of < $1 ORDER BY as_of DESC, period DESC LIMIT 1",
        before,
    )


async def period_evaluation(conn: asyncpg.Connection, period: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT period, as_of, achievements, missed, evaluated_at FROM period_evaluations WHERE period = $1",
        period,
    )


async def insert_period_evaluation(conn: asyncpg.Connection, period: str, as_of: date,
                                   achievements: list[dict[str, Any]], missed: list[str]) -> None:
    await conn.execute(
        """INSERT INTO period_evaluations (period, as_of, achievements, missed)
           VALUES ($1, $2, $3::jsonb, $4::jsonb)""",
        period, as_of, achievements, missed,
    )
