"""Per-order running accrual as last published (BILLING.md "Running accrual")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import asyncpg

#: Orders share this many locks: a batch touching every order holds at most this many (PostgreSQL's
#: lock table is shared by every service's schema), and two batches collide on a bucket only rarely.
LOCK_BUCKETS = 256


async def lock_orders(conn: asyncpg.Connection, order_ids: Iterable[str]) -> None:
    """Makes transactions that recompute the same order's accrual do it one after the other.

    An accrual is computed from the facts and invoices a transaction sees, then compared with the
    stored one. Under READ COMMITTED two transactions (two fact batches, or a fact batch and an
    invoice's status read back) would each miss the other's uncommitted rows, and the later commit
    would store a value missing the earlier one's facts. Held until the commit and taken after the
    caller's own writes, the later one recomputes from everything the earlier one committed.
    Buckets are taken in ascending order, so two transactions never wait on each other in a cycle."""
    await conn.execute(
        """SELECT count(pg_advisory_xact_lock(hashtext(current_schema() || ':accrual'), bucket))
           FROM (SELECT DISTINCT abs(hashtext(o) % $2) AS bucket FROM unnest($1::text[]) o ORDER BY 1) b""",
        list(order_ids), LOCK_BUCKETS)


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
