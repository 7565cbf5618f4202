"""Read side of dropout action plans: the year's profile and actions, and the steering committee's export."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import asyncpg

from pacte_improvement.adapters import dropout_actions, snapshots
from pacte_improvement.domain import dropout_profile, export_csv, export_json

from .queries import readable_plan
from .snapshots import difference, dropout_counts, scope_key
from .views import action_view, profile_view

ProfileScope = Literal["organisation", "lot"]


async def _profile(conn: asyncpg.Connection, year: int, key: str) -> dict[str, Any] | None:
    """Snapshots are cumulative ("as of" a date): the year's counts are the latest snapshot of the
    year minus the latest one before the year."""
    start_of_year, end_of_year = date(year, 1, 1), date(year, 12, 31)
    end = await snapshots.latest_snapshot(conn, on_or_before=end_of_year)
    if end is None or end["as_of"] < start_of_year:
        return None
    start = await snapshots.latest_snapshot_before(conn, start_of_year)
    start_scopes = None if start is None else start["scopes"]
    mine = difference(dropout_counts(end["scopes"], key), dropout_counts(start_scopes, key))
    programme = difference(dropout_counts(end["scopes"], "programme"), dropout_counts(start_scopes, "programme"))
    return profile_view(dropout_profile(year, mine[1], mine[0], programme[1], programme[0]), key,
                        end["as_of"], None if start is None else start["as_of"])


async def dropout_action_plan(conn: asyncpg.Connection, plan_id: str, year: int, *,
                              scope: ProfileScope = "organisation",
                              organisation_id: str | None = None) -> dict[str, Any] | None:
    """The year's profile, the year's actions and the actions of earlier years still open."""
    loaded = await readable_plan(conn, plan_id, organisation_id)
    if loaded is None:
        return None
    plan = loaded[0]
    actions = await dropout_actions.list_actions(conn, plan_id=plan_id, year=year)
    carried = await dropout_actions.list_actions(conn, plan_id=plan_id, open_before_year=year)
    histories = await dropout_actions.action_histories(conn, plan_id, [a.action_id for a in actions + carried])
    return {
        "plan_id": plan.plan_id,
        "organisation_id": plan.organisation_id,
        "lot_id": plan.lot_id,
        "year": year,
        "profile": await _profile(conn, year, scope_key(scope, plan.organisation_id, plan.lot_id)),
        "actions": [action_view(a, histories.get(a.action_id, [])) for a in actions],
        "carried_over": [action_view(a, histories.get(a.action_id, [])) for a in carried],
    }


async def export_actions(conn: asyncpg.Connection, year: int, fmt: Literal["csv", "json"]) -> str:
    """The steering committee's table of the year's actions, all plans."""
    items = await dropout_actions.list_actions(conn, year=year)
    return export_csv(items) if fmt == "csv" else export_json(items)
