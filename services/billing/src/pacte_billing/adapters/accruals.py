"""Per-order running accrual as last published (BILLING.md "Running accrual")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import asyncpg


async def accruals(conn: asyncpg.Connection, order_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(accrued cents, sequence) per order."""
    rows = await conn.fetch(
        "SELECT order_id, accrued_cents, sequence FROM accruals WHERE order_id IN (SELECT unnest($1::text[]))",
        list(order_ids))
    return {r["order_id"]: (int(r["accrued_cents"]), int(r["sequence"])) for r in rows}


async def save_accruals(conn: asyncpg.Connection, values: Sequence[tuple[str, int, int]]) -> None:
    if values:
        # One statement for the batch's orders (a fact batch touches about a hundred).
        await conn.execute(
            """INSERT INTO accruals (order_id, accrued_cents, sequence)
               SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
               ON CONFLICT (order_id) DO UPDATE SET accrued_cents = EXCLUDED.accrued_cents,
                   sequence = EXCLUDED.sequence, updated_at = now()""",
            [v[0] for v in values], [v[1] for v in values], [v[2] for v in values],
        )


async def accrued_total(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT coalesce(sum(accrued_cents), 0) FROM accruals"))
