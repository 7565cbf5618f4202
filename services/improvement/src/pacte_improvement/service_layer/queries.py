"""Read side: plans, progress, milestone statuses, dropout action plans and their export."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import asyncpg

from pacte_improvement.adapters import repository as repo
from pacte_improvement.domain import dropout_profile, export_csv, export_json, progress
from pacte_improvement.service_layer.errors import NotFound
from pacte_improvement.service_layer.snapshots import difference, dropout_counts, scope_key, snapshot_for
from pacte_improvement.service_layer.views import (
    action_view,
    amendment_view,
    milestone_view,
    plan_view,
    profile_view,
    progress_view,
)

ProfileScope = Literal["organisation", "lot"]


class ForeignPlan(Exception):
    """The plan exists but belongs to another organisation than the caller."""


async def _plan(conn: asyncpg.Connection, plan_id: str, organisation_id: str | None) -> Any:
    loaded = await repo.load_plan(conn, plan_id)
    if loaded is None:
        raise NotFound(f"unknown plan {plan_id!r}")
    if organisation_id is not None and loaded[0].organisation_id != organisation_id:
        raise ForeignPlan(plan_id)
    return loaded


async def list_plans(conn: asyncpg.Connection, *, organisation_id: str | None = None,
                     lot_id: str | None = None) -> list[dict[str, Any]]:
    return [plan_view(*p) for p in await repo.load_plans(conn, organisation_id=organisation_id, lot_id=lot_id)]


async def get_plan(conn: asyncpg.Connection, plan_id: str, *, organisation_id: str | None = None) -> dict[str, Any]:
    return plan_view(*await _plan(conn, plan_id, organisation_id))


async def plan_progress(conn: asyncpg.Connection, plan_id: str, *, organisation_id: str | None = None
                        ) -> dict[str, Any]:
    """Each milestone's current value vs its target and sample size, from the latest snapshot."""
    plan, _, _ = await _plan(conn, plan_id, organisation_id)
    snapshot = await repo.latest_snapshot(conn)
    scopes = {} if snapshot is None else snapshot["scopes"]
    return progress_view(plan, progress(plan, snapshot_for(scopes, plan.organisation_id, plan.lot_id)), snapshot)


async def amendments(conn: asyncpg.Connection, plan_id: str, *, organisation_id: str | None = None
                     ) -> list[dict[str, Any]]:
    await _plan(conn, plan_id, organisation_id)
    return [amendment_view(r) for r in await repo.list_amendments(conn, plan_id)]


async def milestone_statuses(conn: asyncpg.Connection) -> dict[str, str]:
    return await repo.milestone_statuses(conn)


async def milestone_detail(conn: asyncpg.Connection, milestone_id: str) -> dict[str, Any]:
    found = await repo.load_milestone(conn, milestone_id)
    if found is None:
        raise NotFound(f"unknown milestone {milestone_id!r}")
    trail = await repo.milestone_trail(conn, milestone_id)
    return {
        **milestone_view(found[1]),
        "decided_by": found[1]["decided_by"],
        "audit_trail": [{"at": r["at"].isoformat(), "actor": r["actor"], "role": r["role"], "action": r["action"],
                         "after": r["after"]} for r in trail],
    }


async def evaluation(conn: asyncpg.Connection, period: str) -> dict[str, Any]:
    row = await repo.period_evaluation(conn, period)
    if row is None:
        raise NotFound(f"period {period!r} has not been evaluated")
    return {"period": row["period"], "as_of": row["as_of"].isoformat(), "achievements": row["achievements"],
            "missed": row["missed"], "evaluated_at": row["evaluated_at"].isoformat()}


async def dropout_action_plan(conn: asyncpg.Connection, plan_id: str, year: int, *,
                              scope: ProfileScope = "organisation",
                              organisation_id: str | None = None) -> dict[str, Any]:
    """The year's profile, the year's actions and the actions of earlier years still open.

    Snapshots are cumulative ("as of" a date), so the year's counts are the latest snapshot of the
    year minus the latest one before the year.
    """
    plan, _, _ = await _plan(conn, plan_id, organisation_id)
    start_of_year, end_of_year = date(year, 1, 1), date(year, 12, 31)
    end = await repo.latest_snapshot(conn, on_or_before=end_of_year)
    profile = None
    if end is not None and end["as_of"] >= start_of_year:
        start = await repo.latest_snapshot_before(conn, start_of_year)
        key = scope_key(scope, plan.organisation_id, plan.lot_id)
        start_scopes = None if start is None else start["scopes"]
        mine = difference(dropout_counts(end["scopes"], key), dropout_counts(start_scopes, key))
        programme = difference(dropout_counts(end["scopes"], "programme"), dropout_counts(start_scopes, "programme"))
        profile = profile_view(dropout_profile(year, mine[1], mine[0], programme[1], programme[0]), key,
                               end["as_of"], None if start is None else start["as_of"])
    actions = await repo.list_actions(conn, plan_id=plan_id, year=year)
    carried = await repo.list_actions(conn, plan_id=plan_id, open_before_year=year)
    histories = await repo.action_histories(conn, [a.action_id for a in actions + carried])
    return {
        "plan_id": plan.plan_id,
        "organisation_id": plan.organisation_id,
        "lot_id": plan.lot_id,
        "year": year,
        "profile": profile,
        "actions": [action_view(a, histories.get(a.action_id, [])) for a in actions],
        "carried_over": [action_view(a, histories.get(a.action_id, [])) for a in carried],
    }


async def export_actions(conn: asyncpg.Connection, year: int, fmt: Literal["csv", "json"]) -> str:
    """The steering committee's table of the year's actions, all plans."""
    items = await repo.list_actions(conn, year=year)
    return export_csv(items) if fmt == "csv" else export_json(items)
