"""The projection's version (bumped once per consumed batch and per change of reference data) and the
snapshots answered to closings."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg


async def bump_facts_version(conn: asyncpg.Connection) -> None:
    await conn.execute("UPDATE projection_state SET facts_version = facts_version + 1")


async def facts_version(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT facts_version FROM projection_state"))


#: The version and the transaction that wrote it: a projection dropped and rebuilt while a process runs
#: counts its versions from 0 again, but never under the same transaction id.
ProjectionVersion = tuple[int, int]


async def projection_version(conn: asyncpg.Connection) -> ProjectionVersion:
    row = await conn.fetchrow("SELECT facts_version, xmin::text::bigint AS written_by FROM projection_state")
    return int(row["facts_version"]), int(row["written_by"])


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
