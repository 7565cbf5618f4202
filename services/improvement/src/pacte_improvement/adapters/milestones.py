"""Milestones: written with their plan (planned ones rewritten by amendments), read one by one, statuses."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import asyncpg

from pacte_contracts.codes import (
    Comparator,
    ImprovementDimension,
    MilestoneIndicator,
    MilestoneScope,
    MilestoneStatus,
)
from pacte_improvement.domain import Milestone, Plan, Target


def milestone_from_row(row: asyncpg.Record, order_id: str) -> Milestone:
    target = None
    if row["indicator"] is not None:
        target = Target(
            indicator=MilestoneIndicator(row["indicator"]),
            scope=MilestoneScope(row["scope"]),
            comparator=Comparator(row["comparator"]),
            threshold=Decimal(row["threshold"]),
            min_sample=int(row["min_sample"]),
        )
    return Milestone(
        milestone_id=row["milestone_id"],
        plan_id=row["plan_id"],
        order_id=order_id,
        dimension=ImprovementDimension(row["dimension"]),
        description=row["description"],
        due_on=row["due_on"],
        bonus_cents=int(row["bonus_cents"]),
        target=target,
        status=MilestoneStatus(row["status"]),
        decided_on=row["decided_on"],
    )


async def existing_milestone_ids(conn: asyncpg.Connection, ids: Sequence[str],
                                 *, except_plan_id: str | None = None) -> set[str]:
    rows = await conn.fetch(
        "SELECT milestone_id FROM milestones WHERE milestone_id = ANY($1::text[]) AND plan_id IS DISTINCT FROM $2",
        list(ids), except_plan_id,
    )
    return {r["milestone_id"] for r in rows}


async def upsert_planned_milestones(conn: asyncpg.Connection, plan: Plan) -> None:
    """Writes the plan's planned milestones; a decided milestone is final and never rewritten."""
    rows = [
        (m.milestone_id, plan.plan_id, position, m.dimension.value, m.description, m.due_on, m.bonus_cents,
         None if m.target is None else m.target.indicator.value,
         None if m.target is None else m.target.scope.value,
         None if m.target is None else m.target.comparator.value,
         None if m.target is None else m.target.threshold,
         None if m.target is None else m.target.min_sample)
        for position, m in enumerate(plan.milestones)
        if m.status is MilestoneStatus.PLANNED
    ]
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    await conn.execute(
        """INSERT INTO milestones (milestone_id, plan_id, position, dimension, description, due_on, bonus_cents,
                                   indicator, scope, comparator, threshold, min_sample)
           SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::date[],
                                $7::bigint[], $8::text[], $9::text[], $10::text[], $11::numeric[], $12::int[])
           ON CONFLICT (milestone_id) DO UPDATE SET
               position = EXCLUDED.position, dimension = EXCLUDED.dimension, description = EXCLUDED.description,
               due_on = EXCLUDED.due_on, bonus_cents = EXCLUDED.bonus_cents, indicator = EXCLUDED.indicator,
               scope = EXCLUDED.scope, comparator = EXCLUDED.comparator, threshold = EXCLUDED.threshold,
               min_sample = EXCLUDED.min_sample
           WHERE milestones.plan_id = EXCLUDED.plan_id AND milestones.status = 'planned'""",
        *[list(c) for c in columns],
    )


async def load_milestone(conn: asyncpg.Connection, milestone_id: str, *, for_update: bool = False
                         ) -> tuple[Milestone, asyncpg.Record] | None:
    lock = " FOR UPDATE OF m" if for_update else ""
    row = await conn.fetchrow(
        f"""SELECT m.*, p.order_id AS plan_order_id FROM milestones m JOIN plans p USING (plan_id)
            WHERE m.milestone_id = $1{lock}""",
        milestone_id,
    )
    if row is None:
        return None
    return milestone_from_row(row, row["plan_order_id"]), row


async def milestone_statuses(conn: asyncpg.Connection) -> dict[str, str]:
    rows = await conn.fetch("SELECT milestone_id, status FROM milestones ORDER BY milestone_id")
    return {r["milestone_id"]: r["status"] for r in rows}


async def milestone_trail(conn: asyncpg.Connection, milestone_id: str) -> list[asyncpg.Record]:
    return list(await conn.fetch(
        """SELECT at, actor, role, action, before, after FROM audit_log
           WHERE entity = 'milestone' AND entity_id = $1 ORDER BY id""",
        milestone_id,
    ))
