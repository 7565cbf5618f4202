"""Plans with their diagnosis, facilitators and milestones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import asyncpg

from pacte_contracts.codes import ImprovementDimension
from pacte_improvement.domain import DiagnosisEntry, Plan

from .milestones import milestone_from_row, upsert_planned_milestones


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
        milestones=tuple(milestone_from_row(m, row["order_id"]) for m in milestones),
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


async def get_plan(conn: asyncpg.Connection, plan_id: str, *, for_update: bool = False) -> Plan | None:
    found = await load_plans(conn, plan_ids=[plan_id], for_update=for_update)
    return found[0][0] if found else None


async def plan_exists(conn: asyncpg.Connection, plan_id: str) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM plans WHERE plan_id = $1)", plan_id))


async def lot_has_plan(conn: asyncpg.Connection, organisation_id: str, lot_id: str) -> bool:
    """One plan per (organisation, lot)."""
    return bool(await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM plans WHERE organisation_id = $1 AND lot_id = $2)", organisation_id, lot_id))


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


async def update_plan_header(conn: asyncpg.Connection, plan: Plan, version: int) -> None:
    await conn.execute(
        """UPDATE plans SET diagnosis = $2::jsonb, facilitators = $3::jsonb, version = $4,
                            updated_at = clock_timestamp() WHERE plan_id = $1""",
        plan.plan_id, _diagnosis_json(plan), list(plan.facilitators), version,
    )
