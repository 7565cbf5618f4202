"""Period closings: requested, then closed once their invoices are issued (docs/architecture.md)."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID

import asyncpg

from .ledger import MilestoneFact

AWAITING = "awaiting_milestone_evaluation"
CLOSED = "closed"


async def closing(conn: asyncpg.Connection, period: str, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    row: asyncpg.Record | None = await conn.fetchrow(f"SELECT * FROM closings WHERE period = $1{lock}", period)
    return row


async def start_closing(conn: asyncpg.Connection, period: str, as_of: date, requested_by: str) -> bool:
    """Records the closing as awaiting evaluation; False when one already exists."""
    inserted = await conn.fetchval(
        """INSERT INTO closings (period, status, as_of, requested_by, started_at)
           VALUES ($1, 'awaiting_milestone_evaluation', $2, $3, now())
           ON CONFLICT (period) DO NOTHING RETURNING true""",
        period, as_of, requested_by,
    )
    return bool(inserted)


async def mark_cut_aligned(conn: asyncpg.Connection, period: str) -> None:
    await conn.execute("UPDATE closings SET cut_aligned_at = now() WHERE period = $1", period)


async def keep_evaluation(conn: asyncpg.Connection, period: str, achievements: list[MilestoneFact]) -> None:
    """The evaluation is in; its achievements wait for the closing's invoices (after its re-issues)."""
    kept = [{"event_id": str(a.event_id), "milestone_id": a.milestone_id, "plan_id": a.plan_id,
             "order_id": a.order_id, "bonus_cents": a.bonus_cents, "achieved_on": a.achieved_on.isoformat()}
            for a in achievements]
    await conn.execute(
        """UPDATE closings SET evaluated_at = coalesce(evaluated_at, now()),
                               achievements = coalesce(achievements, $2::jsonb) WHERE period = $1""",
        period, kept)


def kept_achievements(row: asyncpg.Record) -> list[MilestoneFact]:
    raw = row["achievements"]
    kept = json.loads(raw) if isinstance(raw, str) else (raw or [])
    return [MilestoneFact(UUID(a["event_id"]), a["milestone_id"], a["plan_id"], a["order_id"], int(a["bonus_cents"]),
                          date.fromisoformat(a["achieved_on"])) for a in kept]


async def mark_closed(conn: asyncpg.Connection, period: str, as_of: date, invoices_issued: int) -> None:
    await conn.execute(
        """INSERT INTO closings (period, status, as_of, closed_at, invoices_issued)
           VALUES ($1, 'closed', $2, now(), $3)
           ON CONFLICT (period) DO UPDATE SET status = 'closed', closed_at = coalesce(closings.closed_at, now()),
                                              invoices_issued = coalesce(closings.invoices_issued, $3)""",
        period, as_of, invoices_issued,
    )
