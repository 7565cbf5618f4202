"""Amendments: the organisation proposes (``plan.amend``), the buyer accepts or rejects."""

from __future__ import annotations

from typing import Any

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import check, refuse
from pacte_improvement.adapters import amendments, milestones, plans
from pacte_improvement.domain import (
    AcceptAmendment,
    ProposeAmendment,
    RejectAmendment,
    decide_acceptance,
    decide_proposal,
    decide_rejection,
)
from pacte_platform.commands import Caller

from .context import Context, record
from .queries import current_plan_view
from .views import amendment_view, plan_view


async def propose_amendment(ctx: Context, command: ProposeAmendment, caller: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work(command) as conn:
        plan = await plans.get_plan(conn, command.plan_id, for_update=True)
        others = await milestones.existing_milestone_ids(
            conn, [m.milestone_id for m in command.milestones or ()], except_plan_id=command.plan_id)
        check(decide_proposal(plan, command, organisation_id=caller.subject,
                              milestone_ids_of_other_plans=others))
        number = await amendments.next_amendment_number(conn, command.plan_id)
        changes = command.changes()
        await amendments.insert_amendment(conn, command.plan_id, number, command.reason, changes)
        await record(conn, caller, command, "plan", command.plan_id, after={"amendment": number, "changes": changes})
        row = await amendments.load_amendment(conn, command.plan_id, number)
    assert row is not None
    return amendment_view(row)


async def accept_amendment(ctx: Context, command: AcceptAmendment, caller: Caller) -> dict[str, Any]:
    """The amendment is checked again against the plan as it is now; the plan's version goes up."""
    async with ctx.unit_of_work(command) as conn:
        loaded = await plans.load_plan(conn, command.plan_id, for_update=True)
        proposal = await amendments.load_proposal(conn, command.plan_id, command.number)
        ids = [m.milestone_id for m in proposal.change.milestones or ()] if proposal else []
        others = await milestones.existing_milestone_ids(conn, ids, except_plan_id=command.plan_id)
        amended = check(decide_acceptance(None if loaded is None else loaded[0], proposal, command,
                                          milestone_ids_of_other_plans=others))
        assert loaded is not None
        version = int(loaded[1]["version"]) + 1
        await plans.update_plan_header(conn, amended, version)
        await milestones.upsert_planned_milestones(conn, amended)
        await amendments.decide_amendment(conn, command.plan_id, command.number, "accepted", caller.subject,
                                          command.comment, version)
        after = await current_plan_view(conn, command.plan_id)
        if len(after["milestones"]) != len(amended.milestones):
            raise refuse(RejectionReason.INVALID, "one of the milestone ids cannot be used: choose another")
        await record(conn, caller, command, "plan", command.plan_id, before=plan_view(*loaded), after=after)
    return after


async def reject_amendment(ctx: Context, command: RejectAmendment, caller: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work(command) as conn:
        plan = await plans.get_plan(conn, command.plan_id)
        proposal = await amendments.load_proposal(conn, command.plan_id, command.number)
        rejected = check(decide_rejection(plan, proposal, command))
        await amendments.decide_amendment(conn, command.plan_id, command.number, rejected.status, caller.subject,
                                          command.comment, None)
        await record(conn, caller, command, "plan", command.plan_id,
                     after={"amendment": command.number, "status": rejected.status})
        row = await amendments.load_amendment(conn, command.plan_id, command.number)
    assert row is not None
    return amendment_view(row)
