"""Milestone decisions: the buyer's, and each closing's candidates and decisions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import asyncpg

from pacte_improvement.domain import Milestone

from .milestones import milestone_from_row


async def record_decisions(conn: asyncpg.Connection, decisions: Sequence[tuple[str, str, date, str, str | None,
                                                                              str | None]]) -> None:
    """(milestone_id, status, decided_on, how, period, decided_by); only planned milestones change."""
    if not decisions:
        return
    columns = list(zip(*decisions, strict=True))
    await conn.execute(
        """UPDATE milestones m SET status = d.status, decided_on = d.decided_on, decided_how = d.how,
                                   decided_period = d.period, decided_by = d.decided_by
           FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[])
                AS d(milestone_id, status, decided_on, how, period, decided_by)
           WHERE m.milestone_id = d.milestone_id AND m.status = 'planned'""",
        *[list(c) for c in columns],
    )


async def evaluable_milestones(conn: asyncpg.Connection) -> list[tuple[Milestone, str, str]]:
    """Planned milestones with a target, locked, with their plan's organisation and lot."""
    rows = await conn.fetch(
        """SELECT m.*, p.order_id AS plan_order_id, p.organisation_id, p.lot_id
           FROM milestones m JOIN plans p USING (plan_id)
           WHERE m.status = 'planned' AND m.indicator IS NOT NULL
           ORDER BY m.plan_id, m.position
           FOR UPDATE OF m""",
    )
    return [(milestone_from_row(r, r["plan_order_id"]), r["organisation_id"], r["lot_id"]) for r in rows]
