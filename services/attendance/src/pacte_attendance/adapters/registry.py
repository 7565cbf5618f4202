"""The organisations of procurement's registry, as attendance knows them (procurement.organisation.v1)."""

from __future__ import annotations

from collections.abc import Collection

import asyncpg


async def register(conn: asyncpg.Connection, organisation_ids: Collection[str]) -> None:
    await conn.execute(
        """INSERT INTO registered_organisations (organisation_id) SELECT * FROM unnest($1::text[])
           ON CONFLICT DO NOTHING""", sorted(organisation_ids))


async def is_registered(conn: asyncpg.Connection, organisation_id: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM registered_organisations WHERE organisation_id = $1)", organisation_id))
