"""Projections of procurement's events: what plan.create checks its lot and order against."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg


async def upsert_lot_holders(conn: asyncpg.Connection, rows: Sequence[tuple[str, str]]) -> None:
    if rows:
        await conn.execute(
            """INSERT INTO lots (lot_id, holder_organisation_id)
               SELECT * FROM unnest($1::text[], $2::text[])
               ON CONFLICT (lot_id) DO UPDATE SET holder_organisation_id = EXCLUDED.holder_organisation_id""",
            [r[0] for r in rows], [r[1] for r in rows],
        )


async def upsert_orders(conn: asyncpg.Connection, rows: Sequence[tuple[str, str, str]]) -> None:
    if rows:
        await conn.execute(
            """INSERT INTO orders (order_id, lot_id, holder_organisation_id)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
               ON CONFLICT (order_id) DO UPDATE SET lot_id = EXCLUDED.lot_id,
                   holder_organisation_id = EXCLUDED.holder_organisation_id""",
            [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
        )


async def lot_holder(conn: asyncpg.Connection, lot_id: str) -> str | None:
    # An order can only be placed on an awarded lot, and carries the holder: it stands in for a
    # LotAwarded that has not been delivered yet.
    value = await conn.fetchval(
        """SELECT coalesce((SELECT holder_organisation_id FROM lots WHERE lot_id = $1),
                           (SELECT holder_organisation_id FROM orders WHERE lot_id = $1 LIMIT 1))""",
        lot_id,
    )
    return None if value is None else str(value)


async def order_lot(conn: asyncpg.Connection, order_id: str) -> str | None:
    value = await conn.fetchval("SELECT lot_id FROM orders WHERE order_id = $1", order_id)
    return None if value is None else str(value)
