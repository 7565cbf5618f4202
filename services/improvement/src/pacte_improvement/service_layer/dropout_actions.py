"""Dropout action plans: the organisation records actions against dropout reasons and follows them."""

from __future__ import annotations

import uuid
from typing import Any

from pacte_contracts.refusals import check
from pacte_improvement.adapters import dropout_actions, plans
from pacte_improvement.domain import (
    ChangeDropoutActionStatus,
    RecordDropoutAction,
    decide_action_status,
    decide_record_action,
)
from pacte_platform.commands import Caller

from .context import Context, record
from .views import action_view


async def record_action(ctx: Context, command: RecordDropoutAction, caller: Caller) -> dict[str, Any]:
    action_id = command.action_id or f"DA-{uuid.uuid4().hex[:12]}"
    async with ctx.unit_of_work(command) as conn:
        plan = await plans.get_plan(conn, command.plan_id)
        item = check(decide_record_action(plan, command,
                                          organisation_id=caller.subject, action_id=action_id,
                                          action_exists=await dropout_actions.action_exists(
                                              conn, command.plan_id, action_id)))
        await dropout_actions.insert_action(conn, item)
        view = action_view(item)
        await record(conn, caller, command, "dropout_action", action_id, after=view)
    return view


async def change_action_status(ctx: Context, command: ChangeDropoutActionStatus, caller: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work(command) as conn:
        plan = await plans.get_plan(conn, command.plan_id)
        item = await dropout_actions.load_action(conn, command.plan_id, command.action_id, for_update=True)
        changed = check(decide_action_status(plan, item, command,
                                             organisation_id=caller.subject))
        assert item is not None
        if changed.status is not item.status:
            await dropout_actions.update_action_status(conn, command.plan_id, command.action_id, changed.status)
            await record(conn, caller, command, "dropout_action", command.action_id,
                         before={"status": item.status.value}, after={"status": changed.status.value})
        history = await dropout_actions.action_histories(conn, command.plan_id, [command.action_id])
    return action_view(changed, history.get(command.action_id, []))
