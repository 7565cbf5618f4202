"""Organisation API keys: the lifecycle table and the shared `organisation_keys` projection.

Attendance writes the projection row itself in the issuing transaction so the key works at once;
the event it also emits feeds every other service's copy (and, harmlessly, this one's).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg


async def insert_key(conn: asyncpg.Connection, key_id: str, organisation_id: str, key_sha256: str) -> datetime:
    await conn.execute(
        "INSERT INTO organisation_keys (key_id, organisation_id, key_sha256) VALUES ($1, $2, $3)",
        key_id, organisation_id, key_sha256,
    )
    issued_at: datetime = await conn.fetchval(
        "INSERT INTO credentials (key_id, organisation_id) VALUES ($1, $2) RETURNING issued_at",
        key_id, organisation_id,
    )
    return issued_at


async def lock_key(conn: asyncpg.Connection, organisation_id: str, key_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT key_id, organisation_id, issued_at, revoked_at, replaced_by FROM credentials
           WHERE key_id = $1 AND organisation_id = $2 FOR UPDATE""",
        key_id, organisation_id,
    )


async def revoke_key(conn: asyncpg.Connection, key_id: str, replaced_by: str | None = None) -> datetime:
    await conn.execute("UPDATE organisation_keys SET revoked = true WHERE key_id = $1", key_id)
    revoked_at: datetime = await conn.fetchval(
        """UPDATE credentials SET revoked_at = clock_timestamp(), replaced_by = $2 WHERE key_id = $1
           RETURNING revoked_at""",
        key_id, replaced_by,
    )
    return revoked_at


async def list_keys(conn: asyncpg.Connection, organisation_id: str) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        """SELECT key_id, issued_at, revoked_at, replaced_by FROM credentials WHERE organisation_id = $1
           ORDER BY issued_at, key_id""",
        organisation_id,
    )
    return [dict(r) for r in rows]
