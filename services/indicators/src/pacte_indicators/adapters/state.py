"""The projection's version (bumped once per consumed batch) and the snapshots answered to closings."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg


async def bump_facts_version(conn: asyncpg.Connection) -> None:
    await conn.execute("UPDATE projection_state SET facts_version = facts_version + 1")


async def facts_version(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT facts_version FROM projection_state"))


async def record_snapshot(conn: asyncpg.Connection, period: str, as_of: date, scopes: dict[str, Any],
                          explain: dict[str, Any]) -> None:
    await conn.execute(
        "INSERT INTO snapshots (period, as_of, scopes, explain) VALUES ($1, $2, $3::jsonb, $4::jsonb)",
        period, as_of, scopes, explain,
    )


async def latest_snapshot(conn: asyncpg.Connection, period: str) -> asyncpg.Record | None:
    row: asyncpg.Record | None = await conn.fetchrow(
        "SELECT period, as_of, taken_at, scopes, explain FROM snapshots WHERE period = $1 ORDER BY id DESC LIMIT 1",
        period,
    )
    return row
