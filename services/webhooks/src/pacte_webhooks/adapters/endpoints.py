"""Endpoints, always read through their organisation: another organisation's endpoint is not found."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from pacte_platform.paging import Page, Query

_COLUMNS = "endpoint_id, url, description, event_types, status, created_at, updated_at"


async def insert(conn: asyncpg.Connection, *, endpoint_id: str, organisation_id: str, url: str,
                 description: str | None, event_types: Sequence[str], sealed_secret: bytes) -> dict[str, Any]:
    row = await conn.fetchrow(
        f"""INSERT INTO endpoints (endpoint_id, organisation_id, url, description, event_types, secret_ciphertext,
                                   status)
            VALUES ($1, $2, $3, $4, $5, $6, 'active') RETURNING {_COLUMNS}""",
        endpoint_id, organisation_id, url, description, list(event_types), sealed_secret)
    return dict(row)


async def get(conn: asyncpg.Connection, organisation_id: str, endpoint_id: str, *,
              for_update: bool = False) -> dict[str, Any] | None:
    lock = " FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM endpoints WHERE organisation_id = $1 AND endpoint_id = $2"
                              f"{lock}", organisation_id, endpoint_id)
    return None if row is None else dict(row)


async def page(conn: asyncpg.Connection, organisation_id: str, *, status: str | None, cursor: str | None,
               limit: int) -> Page:
    q = Query(f"SELECT {_COLUMNS} FROM endpoints", [("endpoint_id", "text")], ["organisation_id = $1"],
              [organisation_id])
    q.where("status = {}", status)
    return await q.page(conn, cursor, limit)


async def disable(conn: asyncpg.Connection, endpoint_id: str) -> dict[str, Any]:
    """Disables it and gives up what waits for it (a replay later needs an active endpoint)."""
    await conn.execute(
        """UPDATE deliveries SET status = 'failed', last_error = 'endpoint disabled', lease_until = NULL
           WHERE endpoint_id = $1 AND status = 'pending'""", endpoint_id)
    row = await conn.fetchrow(
        f"""UPDATE endpoints SET status = 'disabled', updated_at = clock_timestamp() WHERE endpoint_id = $1
            RETURNING {_COLUMNS}""", endpoint_id)
    return dict(row)


async def replace_secret(conn: asyncpg.Connection, endpoint_id: str, sealed_secret: bytes) -> dict[str, Any]:
    row = await conn.fetchrow(
        f"""UPDATE endpoints SET secret_ciphertext = $2, updated_at = clock_timestamp() WHERE endpoint_id = $1
            RETURNING {_COLUMNS}""", endpoint_id, sealed_secret)
    return dict(row)
