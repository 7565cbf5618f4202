"""Read side: plans, progress, amendments, milestone statuses and closings' decisions.

A read of something unknown gives None (the route answers 404); an organisation reading
another organisation's plan is refused (`forbidden`), like a command on it.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from pacte_contracts.refusals import Refused
from pacte_improvement.adapters import amendments, milestones, plans, snapshots
from pacte_improvement.domain import Plan, owned, progress

from .snapshots import snapshot_for
from .views import amendment_view, milestone_view, plan_view, progress_view

Loaded = tuple[Plan, asyncpg.Record, list[asyncpg.Record]]


async def readable_plan(conn: asyncpg.Connection, plan_id: str, organisation_id: str | None) -> Loaded | None:
    """The plan (with its rows, for views); `organisation_id` None: the back-office reads every plan."""
    loaded = await plans.load_plan(conn, plan_id)
    if loaded is None:
        return None
    refused = owned(loaded[0], plan_id, organisation_id)
    if refused is not None:
        raise Refused(refused)
    return loaded


async def current_plan_view(conn: asyncpg.Connection, plan_id: str) -> dict[str, Any]:
    loaded = await plans.load_plan(conn, plan_id)
    assert loaded is not None
    return plan_view(*loaded)


async def list_plans(conn: asyncpg.Connection, *, organisation_id: str | None = None,
                     lot_id: str | None = None) -> list[dict[str, Any]]:
    return [plan_view(*p) for p in await plans.load_plans(conn, organisation_id=organisation_id, lot_id=lot_id)]


async def get_plan(conn: asyncpg.Connection, plan_id: str, *, organisation_id: str | None = None
                   ) -> dict[str, Any] | None:
    loaded = await readable_plan(conn, plan_id, organisation_id)
    return None if loaded is None else plan_view(*loaded)


async def plan_progress(conn: asyncpg.Connection, plan_id: str, *, organisation_id: str | None = None
                        ) -> dict[str, Any] | None:
    """Each milestone's current value vs its target and sample size, from the latest snapshot."""
    loaded = await readable_plan(conn, plan_id, organisation_id)
    if loaded is None:
        return None
    plan = loaded[0]
    snapshot = await snapshots.latest_snapshot(conn)
    scopes = {} if snapshot is None else snapshot["scopes"]
    return progress_view(plan, progress(plan, snapshot_for(scopes, plan.organisation_id, plan.lot_id)), snapshot)


async def plan_amendments(conn: asyncpg.Connection, plan_id: str, *, organisation_id: str | None = None
                          ) -> list[dict[str, Any]] | None:
    if await readable_plan(conn, plan_id, organisation_id) is None:
        return None
    return [amendment_view(r) for r in await amendments.list_amendments(conn, plan_id)]


async def milestone_statuses(conn: asyncpg.Connection) -> dict[str, str]:
    return await milestones.milestone_statuses(conn)


async def milestone_detail(conn: asyncpg.Connection, milestone_id: str) -> dict[str, Any] | None:
    found = await milestones.load_milestone(conn, milestone_id)
    if found is None:
        return None
    trail = await milestones.milestone_trail(conn, milestone_id)
    return {
        **milestone_view(found[1]),
        "decided_by": found[1]["decided_by"],
        "audit_trail": [{"at": r["at"].isoformat(), "actor": r["actor"], "role": r["role"], "action": r["action"],
                         "after": r["after"]} for r in trail],
    }


async def evaluation(conn: asyncpg.Connection, period: str) -> dict[str, Any] | None:
    row = await snapshots.period_evaluation(conn, period)
    if row is None:
        return None
    return {"period": row["period"], "as_of": row["as_of"].isoformat(), "achievements": row["achievements"],
            "missed": row["missed"], "evaluated_at": row["evaluated_at"].isoformat()}
