"""JSON-ready views (dates as ISO strings, exact decimals as strings, money in cents)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from pacte_contracts.rules import canonical_quantity
from pacte_improvement.domain import ActionItem, DropoutProfile, MilestoneProgress, Plan


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else canonical_quantity(value)


def milestone_view(row: asyncpg.Record) -> dict[str, Any]:
    target = None
    if row["indicator"] is not None:
        target = {
            "indicator": row["indicator"], "scope": row["scope"], "comparator": row["comparator"],
            "threshold": _decimal(row["threshold"]), "min_sample": row["min_sample"],
        }
    return {
        "milestone_id": row["milestone_id"],
        "plan_id": row["plan_id"],
        "dimension": row["dimension"],
        "description": row["description"],
        "due_on": _iso(row["due_on"]),
        "bonus_cents": int(row["bonus_cents"]),
        "target": target,
        "status": row["status"],
        "decided_on": _iso(row["decided_on"]),
        "decided_how": row["decided_how"],
        "decided_period": row["decided_period"],
    }


def plan_view(plan: Plan, header: asyncpg.Record, milestone_rows: Sequence[asyncpg.Record]) -> dict[str, Any]:
    return {
        "plan_id": plan.plan_id,
        "organisation_id": plan.organisation_id,
        "lot_id": plan.lot_id,
        "order_id": plan.order_id,
        "version": int(header["version"]),
        "diagnosis": {d.dimension.value: {"score": d.score, "comment": d.comment} for d in plan.diagnosis},
        "facilitators": list(plan.facilitators),
        "milestones": [milestone_view(r) for r in milestone_rows],
        "created_at": _iso(header["created_at"]),
        "updated_at": _iso(header["updated_at"]),
    }


def progress_view(plan: Plan, rows: Sequence[MilestoneProgress], snapshot: asyncpg.Record | None
                  ) -> dict[str, Any]:
    return {
        "plan_id": plan.plan_id,
        "snapshot": None if snapshot is None else {"period": snapshot["period"], "as_of": _iso(snapshot["as_of"])},
        "milestones": [
            {
                "milestone_id": p.milestone_id,
                "status": p.status.value,
                "due_on": _iso(p.due_on),
                "indicator": None if p.indicator is None else p.indicator.value,
                "scope": None if p.scope is None else p.scope.value,
                "comparator": None if p.comparator is None else p.comparator.value,
                "threshold": _decimal(p.threshold),
                "current_value": None if p.current_value is None else str(p.current_value),
                "sample_size": p.sample_size if snapshot is not None else None,
                "min_sample": p.min_sample,
                "target_met": p.target_met if snapshot is not None else None,
            }
            for p in rows
        ],
    }


def amendment_view(row: asyncpg.Record) -> dict[str, Any]:
    return {
        "plan_id": row["plan_id"],
        "number": row["number"],
        "status": row["status"],
        "reason": row["reason"],
        "changes": row["changes"],
        "proposed_at": _iso(row["proposed_at"]),
        "decided_at": _iso(row["decided_at"]),
        "decision_comment": row["decision_comment"],
        "resulting_version": row["resulting_version"],
    }


def action_view(item: ActionItem, history: Sequence[asyncpg.Record] = ()) -> dict[str, Any]:
    return {
        "action_id": item.action_id,
        "plan_id": item.plan_id,
        "year": item.year,
        "reason_addressed": item.reason_addressed.value,
        "description": item.description,
        "owner_role": item.owner_role,
        "due_on": _iso(item.due_on),
        "status": item.status.value,
        "history": [{"status": h["status"], "at": _iso(h["changed_at"])} for h in history],
    }


def profile_view(profile: DropoutProfile | None, scope: str, as_of: date | None, since: date | None
                 ) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {"scope": scope, "as_of": _iso(as_of), "counted_after": _iso(since), **profile.to_json_dict()}
