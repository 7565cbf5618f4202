"""``plan.create``: an organisation creates the plan of one of its lots (IMPROVEMENT.md)."""

from __future__ import annotations

from typing import Any

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import check, refuse
from pacte_improvement.adapters import milestones, plans, projections
from pacte_improvement.domain import CreatePlan, decide_create_plan
from pacte_platform.commands import Caller

from . import events
from .context import Context, record
from .queries import current_plan_view


async def create_plan(ctx: Context, command: CreatePlan, caller: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work(command) as conn:
        plan = check(decide_create_plan(
            command, organisation_id=caller.subject,
            plan_exists=await plans.plan_exists(conn, command.plan_id),
            lot_has_plan=await plans.lot_has_plan(conn, command.organisation_id, command.lot_id),
            taken_milestone_ids=await milestones.existing_milestone_ids(
                conn, [m.milestone_id for m in command.milestones]),
            lot_holder=await projections.lot_holder(conn, command.lot_id),
            order_lot=await projections.order_lot(conn, command.order_id),
        ))
        await plans.insert_plan(conn, plan)
        view = await current_plan_view(conn, plan.plan_id)
        if len(view["milestones"]) != len(plan.milestones):
            # A concurrent plan took one of the milestone ids first (the insert skips it).
            raise refuse(RejectionReason.INVALID, "one of the milestone ids cannot be used: choose another")
        await record(conn, caller, command, "plan", plan.plan_id, after=view, events=[events.plan_created(plan)])
    return view
