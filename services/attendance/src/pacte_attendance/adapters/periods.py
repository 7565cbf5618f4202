"""Periods whose closing has started (from billing.period.v1)."""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg


async def record_closings(conn: asyncpg.Connection, periods: Iterable[str]) -> None:
    """Idempotent: a closing announced again (or after its period closed) changes nothing."""
    wanted = sorted(set(periods))
    if wanted:
        await conn.execute(
            "INSERT INTO period_closings (period) SELECT unnest($1::text[]) ON CONFLICT (period) DO NOTHING", wanted)
