"""SQL of the improvement schema (asyncpg, no ORM). Every function runs on the caller's connection,
inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from pacte_contracts.codes import (
    Comparator,
    DropoutReason,
    ImprovementDimension,
    MilestoneIndicator,
    MilestoneScope,
    MilestoneStatus,
)
from pacte_improvement.domain import ActionItem, ActionStatus, DiagnosisEntry, Milestone, Plan, Target

# --- projections of procurement events ----------------------------------------------------------


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


# --- plans and milestones -----------------------------------------------------------------------


def _milestone(row: asyncpg.Record, order_id: str) -> Milestone:
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


def _plan(row: asyncpg.Record, milestones: Iterable[asyncpg.Record]) -> Plan:
    return Plan(
        plan_id=row["plan_id"],
        organisation_id=row["organisation_id"],
        lot_id=row["lot_id"],
        order_id=row["order_id"],
        diagnosis=tuple(
            DiagnosisEntry(ImprovementDimension(d["dimension"]), int(d["score"]), str(d["comment"]))
            for d in row["diagnosis"]
        ),
        milestones=tuple(_milestone(m, row["order_id"]) for m in milestones),
        facilitators=tuple(row["facilitators"]),
    )


_PLAN_COLUMNS = "plan_id, organisation_id, lot_id, order_id, diagnosis, facilitators, version, created_at, updated_at"
_MILESTONE_COLUMNS = """milestone_id, plan_id, position, dimension, description, due_on, bonus_cents, indicator,
    scope, comparator, threshold, min_sample, status, decided_on, decided_how, decided_period, decided_by"""


async def load_plans(conn: asyncpg.Connection, *, plan_ids: Sequence[str] | None = None,
                     organisation_id: str | None = None, lot_id: str | None = None,
                     for_update: bool = False) -> list[tuple[Plan, asyncpg.Record, list[asyncpg.Record]]]:
    """Plans (with their header row and milestone rows, for views) matching every given filter."""
    lock = " FOR UPDATE" if for_update else ""
    rows = await conn.fetch(
        f"""SELECT {_PLAN_COLUMNS} FROM plans
            WHERE ($1::text[] IS NULL OR plan_id = ANY($1::text[]))
              AND ($2::text IS NULL OR organisation_id = $2) AND ($3::text IS NULL OR lot_id = $3)
            ORDER BY plan_id{lock}""",
        None if plan_ids is None else list(plan_ids), organisation_id, lot_id,
    )
    if not rows:
        return []
    milestone_rows = await conn.fetch(
        f"""SELECT {_MILESTONE_COLUMNS} FROM milestones WHERE plan_id = ANY($1::text[])
            ORDER BY plan_id, position{lock}""",
        [r["plan_id"] for r in rows],
    )
    by_plan: dict[str, list[asyncpg.Record]] = {}
    for m in milestone_rows:
        by_plan.setdefault(m["plan_id"], []).append(m)
    return [(_plan(r, by_plan.get(r["plan_id"], [])), r, by_plan.get(r["plan_id"], [])) for r in rows]


async def load_plan(conn: asyncpg.Connection, plan_id: str, *, for_update: bool = False
                    ) -> tuple[Plan, asyncpg.Record, list[asyncpg.Record]] | None:
    found = await load_plans(conn, plan_ids=[plan_id], for_update=for_update)
    return found[0] if found else None


async def plan_exists(conn: asyncpg.Connection, plan_id: str) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM plans WHERE plan_id = $1)", plan_id))


async def plan_keys_of(conn: asyncpg.Connection, organisation_id: str, lot_id: str) -> set[tuple[str, str]]:
    rows = await conn.fetch("SELECT organisation_id, lot_id FROM plans WHERE organisation_id = $1 AND lot_id = $2",
                            organisation_id, lot_id)
    return {(r["organisation_id"], r["lot_id"]) for r in rows}


async def existing_milestone_ids(conn: asyncpg.Connection, ids: Sequence[str],
                                 *, except_plan_id: str | None = None) -> set[str]:
    rows = await conn.fetch(
        "SELECT milestone_id FROM milestones WHERE milestone_id = ANY($1::text[]) AND plan_id IS DISTINCT FROM $2",
        list(ids), except_plan_id,
    )
    return {r["milestone_id"] for r in rows}


def _diagnosis_json(plan: Plan) -> list[dict[str, Any]]:
    return [{"dimension": d.dimension.value, "score": d.score, "comment": d.comment} for d in plan.diagnosis]


async def insert_plan(conn: asyncpg.Connection, plan: Plan) -> None:
    await conn.execute(
        """INSERT INTO plans (plan_id, organisation_id, lot_id, order_id, diagnosis, facilitators)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)""",
        plan.plan_id, plan.organisation_id, plan.lot_id, plan.order_id, _diagnosis_json(plan),
        list(plan.facilitators),
    )
    await upsert_planned_milestones(conn, plan)


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


async def update_plan_header(conn: asyncpg.Connection, plan: Plan, version: int) -> None:
    await conn.execute(
        """UPDATE plans SET diagnosis = $2::jsonb, facilitators = $3::jsonb, version = $4,
                            updated_at = clock_timestamp() WHERE plan_id = $1""",
        plan.plan_id, _diagnosis_json(plan), list(plan.facilitators), version,
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
    return _milestone(row, row["plan_order_id"]), row


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
    return [(_milestone(r, r["plan_order_id"]), r["organisation_id"], r["lot_id"]) for r in rows]


async def milestone_statuses(conn: asyncpg.Connection) -> dict[str, str]:
    rows = await conn.fetch("SELECT milestone_id, status FROM milestones ORDER BY milestone_id")
    return {r["milestone_id"]: r["status"] for r in rows}


async def milestone_trail(conn: asyncpg.Connection, milestone_id: str) -> list[asyncpg.Record]:
    return list(await conn.fetch(
        """SELECT at, actor, role, action, before, after FROM audit_log
           WHERE entity = 'milestone' AND entity_id = $1 ORDER BY id""",
        milestone_id,
    ))


# --- snapshots and evaluations ------------------------------------------------------------------


async def store_snapshot(conn: asyncpg.Connection, period: str, as_of: date, scopes: dict[str, Any],
                         occurred_at: datetime) -> None:
    # A snapshot taken again for the same period knows more late facts: the newest one is kept
    # for progress views, whatever the delivery order. Evaluation results do not change with it.
    await conn.execute(
        """INSERT INTO snapshots (period, as_of, scopes, occurred_at) VALUES ($1, $2, $3::jsonb, $4)
           ON CONFLICT (period) DO UPDATE SET as_of = EXCLUDED.as_of, scopes = EXCLUDED.scopes,
               occurred_at = EXCLUDED.occurred_at, received_at = clock_timestamp()
           WHERE snapshots.occurred_at < EXCLUDED.occurred_at""",
        period, as_of, scopes, occurred_at,
    )


async def latest_snapshot(conn: asyncpg.Connection, *, on_or_before: date | None = None
                          ) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT period, as_of, scopes FROM snapshots WHERE ($1::date IS NULL OR as_of <= $1)
           ORDER BY as_of DESC, period DESC LIMIT 1""",
        on_or_before,
    )


async def latest_snapshot_before(conn: asyncpg.Connection, before: date) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT period, as_of, scopes FROM snapshots WHERE as_of < $1 ORDER BY as_of DESC, period DESC LIMIT 1",
        before,
    )


async def period_evaluation(conn: asyncpg.Connection, period: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT period, as_of, achievements, missed, evaluated_at FROM period_evaluations WHERE period = $1",
        period,
    )


async def insert_period_evaluation(conn: asyncpg.Connection, period: str, as_of: date,
                                   achievements: list[dict[str, Any]], missed: list[str]) -> None:
    await conn.execute(
        """INSERT INTO period_evaluations (period, as_of, achievements, missed)
           VALUES ($1, $2, $3::jsonb, $4::jsonb)""",
        period, as_of, achievements, missed,
    )


# --- amendments ---------------------------------------------------------------------------------


async def next_amendment_number(conn: asyncpg.Connection, plan_id: str) -> int:
    return int(await conn.fetchval("SELECT coalesce(max(number), 0) + 1 FROM amendments WHERE plan_id = $1",
                                   plan_id))


async def insert_amendment(conn: asyncpg.Connection, plan_id: str, number: int, reason: str,
                           changes: dict[str, Any]) -> None:
    await conn.execute(
        "INSERT INTO amendments (plan_id, number, reason, changes) VALUES ($1, $2, $3, $4::jsonb)",
        plan_id, number, reason, changes,
    )


async def load_amendment(conn: asyncpg.Connection, plan_id: str, number: int, *, for_update: bool = False
                         ) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT * FROM amendments WHERE plan_id = $1 AND number = $2{lock}", plan_id, number)


async def list_amendments(conn: asyncpg.Connection, plan_id: str) -> list[asyncpg.Record]:
    return list(await conn.fetch("SELECT * FROM amendments WHERE plan_id = $1 ORDER BY number", plan_id))


async def decide_amendment(conn: asyncpg.Connection, plan_id: str, number: int, status: str, decided_by: str,
                           comment: str | None, resulting_version: int | None) -> None:
    await conn.execute(
        """UPDATE amendments SET status = $3, decided_at = clock_timestamp(), decided_by = $4,
                                 decision_comment = $5, resulting_version = $6
           WHERE plan_id = $1 AND number = $2""",
        plan_id, number, status, decided_by, comment, resulting_version,
    )


# --- dropout action plans -----------------------------------------------------------------------


def _action(row: asyncpg.Record) -> ActionItem:
    return ActionItem(
        reason_addressed=DropoutReason(row["reason_addressed"]),
        description=row["description"],
        owner_role=row["owner_role"],
        due_on=row["due_on"],
        status=ActionStatus(row["status"]),
        plan_id=row["plan_id"],
        year=int(row["year"]),
        action_id=row["action_id"],
    )


async def action_exists(conn: asyncpg.Connection, action_id: str) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM dropout_actions WHERE action_id = $1)",
                                    action_id))


async def insert_action(conn: asyncpg.Connection, item: ActionItem) -> None:
    await conn.execute(
        """INSERT INTO dropout_actions (action_id, plan_id, year, reason_addressed, description, owner_role,
                                        due_on, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        item.action_id, item.plan_id, item.year, item.reason_addressed.value, item.description, item.owner_role,
        item.due_on, item.status.value,
    )
    await conn.execute("INSERT INTO dropout_action_history (action_id, status) VALUES ($1, $2)",
                       item.action_id, item.status.value)


async def load_action(conn: asyncpg.Connection, plan_id: str, action_id: str, *, for_update: bool = False
                      ) -> ActionItem | None:
    lock = " FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(f"SELECT * FROM dropout_actions WHERE plan_id = $1 AND action_id = $2{lock}",
                              plan_id, action_id)
    return None if row is None else _action(row)


async def update_action_status(conn: asyncpg.Connection, action_id: str, status: ActionStatus) -> None:
    await conn.execute("UPDATE dropout_actions SET status = $2, updated_at = clock_timestamp() WHERE action_id = $1",
                       action_id, status.value)
    await conn.execute("INSERT INTO dropout_action_history (action_id, status) VALUES ($1, $2)",
                       action_id, status.value)


async def list_actions(conn: asyncpg.Connection, *, plan_id: str | None = None, year: int | None = None,
                       open_before_year: int | None = None) -> list[ActionItem]:
    """Actions of a plan and/or a year; with ``open_before_year``, the still open ones of earlier years."""
    rows = await conn.fetch(
        """SELECT * FROM dropout_actions
           WHERE ($1::text IS NULL OR plan_id = $1) AND ($2::int IS NULL OR year = $2)
             AND ($3::int IS NULL OR (year < $3 AND status IN ('planned', 'in_progress')))
           ORDER BY plan_id, year, action_id""",
        plan_id, year, open_before_year,
    )
    return [_action(r) for r in rows]


async def action_histories(conn: asyncpg.Connection, action_ids: Sequence[str]) -> dict[str, list[asyncpg.Record]]:
    rows = await conn.fetch(
        """SELECT action_id, status, changed_at FROM dropout_action_history
           WHERE action_id = ANY($1::text[]) ORDER BY id""",
        list(action_ids),
    )
    out: dict[str, list[asyncpg.Record]] = {}
    for r in rows:
        out.setdefault(r["action_id"], []).append(r)
    return out
