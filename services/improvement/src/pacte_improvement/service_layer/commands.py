"""One async handler per command. Each runs inside the caller's transaction: a refusal (raised as
`Refused`) rolls everything back, so a refused command changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from pacte_contracts.codes import MilestoneStatus, RejectionReason
from pacte_contracts.envelope import Event
from pacte_contracts.improvement import MilestoneAchieved, MilestoneWaived, PlanCreated
from pacte_contracts.wire import Malformed, field, parse_date
from pacte_improvement.adapters import repository as repo
from pacte_improvement.domain import (
    ActionStatus,
    Rejection,
    action_item_malformed,
    apply_amendment,
    change_action_status,
    parse_action_item,
    parse_amendment,
    parse_plan,
    period_of,
    validate_milestone,
    validate_plan,
    waive_milestone,
)
from pacte_improvement.service_layer.errors import Refused
from pacte_improvement.service_layer.views import action_view, amendment_view, milestone_view, plan_view
from pacte_platform import outbox
from pacte_platform.http import audit

SERVICE = "improvement"
INVALID = RejectionReason.INVALID
FORBIDDEN = RejectionReason.FORBIDDEN


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sends a command: an organisation (by its API key) or a back-office user."""

    actor: str
    role: str
    organisation_id: str | None = None
    correlation_id: str | None = None


async def _publish(conn: asyncpg.Connection, caller: Caller, *events: Event) -> None:
    await outbox.append(conn, list(events), producer=SERVICE, correlation_id=caller.correlation_id)


async def _audit(conn: asyncpg.Connection, caller: Caller, action: str, entity: str, entity_id: str,
                 before: Any = None, after: Any = None) -> None:
    await audit(conn, actor=caller.actor, role=caller.role, action=action, entity=entity, entity_id=entity_id,
                before=before, after=after, correlation_id=caller.correlation_id)


def _refuse_if(command: str, result: object) -> None:
    if isinstance(result, Rejection):
        raise Refused(command, result.reason, result.detail)


def _rows_written(status: str) -> int:
    return int(status.rsplit(" ", 1)[-1])


async def _plan_view(conn: asyncpg.Connection, plan_id: str) -> dict[str, Any]:
    loaded = await repo.load_plan(conn, plan_id)
    assert loaded is not None
    return plan_view(*loaded)


# --- plans --------------------------------------------------------------------------------------


async def create_plan(conn: asyncpg.Connection, payload: Mapping[str, Any], caller: Caller) -> dict[str, Any]:
    """plan.create: structural `invalid`, then `forbidden`, then value/reference `invalid`."""
    command = "plan.create"
    draft = parse_plan(payload)
    _refuse_if(command, draft)
    assert not isinstance(draft, Rejection)
    if caller.organisation_id != draft.organisation_id:
        raise Refused(command, FORBIDDEN, "an organisation creates its own plans only")
    plan = validate_plan(
        draft,
        existing_plan_ids={draft.plan_id} if await repo.plan_exists(conn, draft.plan_id) else set(),
        existing_milestone_ids=await repo.existing_milestone_ids(conn, [m.milestone_id for m in draft.milestones]),
        lot_holder_org_id=await repo.lot_holder(conn, draft.lot_id),
        order_lot_id=await repo.order_lot(conn, draft.order_id),
        caller_org_id=caller.organisation_id,
        existing_plan_keys=await repo.plan_keys_of(conn, draft.organisation_id, draft.lot_id),
    )
    _refuse_if(command, plan)
    assert not isinstance(plan, Rejection)
    try:
        await repo.insert_plan(conn, plan)
    except asyncpg.UniqueViolationError as exc:
        # A concurrent plan.create took the id first; the transaction rolls back with the refusal.
        raise Refused(command, INVALID, "the plan or one of its milestones already exists") from exc
    view = await _plan_view(conn, plan.plan_id)
    if len(view["milestones"]) != len(plan.milestones):
        raise Refused(command, INVALID, "one of the milestones already exists")
    await _audit(conn, caller, command, "plan", plan.plan_id, after=view)
    await _publish(conn, caller, PlanCreated(
        plan_id=plan.plan_id, organisation_id=plan.organisation_id, lot_id=plan.lot_id, order_id=plan.order_id,
        milestone_ids=[m.milestone_id for m in plan.milestones],
    ))
    return view


async def _own_plan(conn: asyncpg.Connection, command: str, plan_id: str, caller: Caller,
                    *, for_update: bool = False) -> Any:
    loaded = await repo.load_plan(conn, plan_id, for_update=for_update)
    if loaded is None:
        raise Refused(command, INVALID, f"unknown plan {plan_id!r}")
    if caller.organisation_id is not None and loaded[0].organisation_id != caller.organisation_id:
        raise Refused(command, FORBIDDEN, "this plan belongs to another organisation")
    return loaded


# --- amendments ---------------------------------------------------------------------------------


async def propose_amendment(conn: asyncpg.Connection, plan_id: str, payload: Mapping[str, Any],
                            caller: Caller) -> dict[str, Any]:
    command = "plan.amend"
    draft = parse_amendment(payload)
    _refuse_if(command, draft)
    assert not isinstance(draft, Rejection)
    plan, _, _ = await _own_plan(conn, command, plan_id, caller, for_update=True)
    others = await repo.existing_milestone_ids(conn, [m.milestone_id for m in draft.milestones],
                                               except_plan_id=plan_id)
    _refuse_if(command, apply_amendment(plan, draft, milestone_ids_of_other_plans=others))
    number = await repo.next_amendment_number(conn, plan_id)
    await repo.insert_amendment(conn, plan_id, number, draft.reason, dict(payload))
    await _audit(conn, caller, command, "plan", plan_id, after={"amendment": number, "changes": dict(payload)})
    row = await repo.load_amendment(conn, plan_id, number)
    assert row is not None
    return amendment_view(row)


async def _proposed_amendment(conn: asyncpg.Connection, command: str, plan_id: str, number: int) -> Any:
    row = await repo.load_amendment(conn, plan_id, number, for_update=True)
    if row is None:
        raise Refused(command, INVALID, f"unknown amendment {number} of plan {plan_id!r}")
    if row["status"] != "proposed":
        raise Refused(command, INVALID, f"amendment {number} is already {row['status']}")
    return row


def _comment(payload: Mapping[str, Any] | None, command: str) -> str | None:
    comment = (payload or {}).get("comment")
    if comment is not None and not isinstance(comment, str):
        raise Refused(command, INVALID, "'comment' must be a string")
    return comment


async def accept_amendment(conn: asyncpg.Connection, plan_id: str, number: int,
                           payload: Mapping[str, Any] | None, caller: Caller) -> dict[str, Any]:
    """The buyer accepts: the amendment is checked again against the plan as it is now."""
    command = "plan.amendment.accept"
    comment = _comment(payload, command)
    loaded = await repo.load_plan(conn, plan_id, for_update=True)
    if loaded is None:
        raise Refused(command, INVALID, f"unknown plan {plan_id!r}")
    plan, header, _ = loaded
    row = await _proposed_amendment(conn, command, plan_id, number)
    draft = parse_amendment(row["changes"])
    _refuse_if(command, draft)
    assert not isinstance(draft, Rejection)
    others = await repo.existing_milestone_ids(conn, [m.milestone_id for m in draft.milestones],
                                               except_plan_id=plan_id)
    amended = apply_amendment(plan, draft, milestone_ids_of_other_plans=others)
    _refuse_if(command, amended)
    assert not isinstance(amended, Rejection)
    before = plan_view(*loaded)
    version = int(header["version"]) + 1
    await repo.update_plan_header(conn, amended, version)
    try:
        await repo.upsert_planned_milestones(conn, amended)
    except asyncpg.UniqueViolationError as exc:
        raise Refused(command, INVALID, "one of the milestones already exists") from exc
    await repo.decide_amendment(conn, plan_id, number, "accepted", caller.actor, comment, version)
    after = await _plan_view(conn, plan_id)
    if len(after["milestones"]) != len(amended.milestones):
        raise Refused(command, INVALID, "one of the milestones already exists")
    await _audit(conn, caller, command, "plan", plan_id, before=before, after=after)
    return after


async def reject_amendment(conn: asyncpg.Connection, plan_id: str, number: int,
                           payload: Mapping[str, Any] | None, caller: Caller) -> dict[str, Any]:
    command = "plan.amendment.reject"
    comment = _comment(payload, command)
    if not await repo.plan_exists(conn, plan_id):
        raise Refused(command, INVALID, f"unknown plan {plan_id!r}")
    await _proposed_amendment(conn, command, plan_id, number)
    await repo.decide_amendment(conn, plan_id, number, "rejected", caller.actor, comment, None)
    await _audit(conn, caller, command, "plan", plan_id, after={"amendment": number, "status": "rejected"})
    row = await repo.load_amendment(conn, plan_id, number)
    assert row is not None
    return amendment_view(row)


# --- manual milestone decisions -----------------------------------------------------------------


def _decision_date(command: str, payload: Mapping[str, Any]) -> date:
    try:
        return parse_date(field(payload, "date"), "date")
    except Malformed as exc:
        raise Refused(command, INVALID, str(exc)) from exc


async def decide_milestone(conn: asyncpg.Connection, milestone_id: str, payload: Mapping[str, Any],
                           caller: Caller, *, waive: bool) -> dict[str, Any]:
    """milestone.validate (achieved on the date, bonus billed in that date's period) or milestone.waive."""
    command = "milestone.waive" if waive else "milestone.validate"
    on = _decision_date(command, payload)
    found = await repo.load_milestone(conn, milestone_id, for_update=True)
    if found is None:
        raise Refused(command, INVALID, f"unknown milestone {milestone_id!r}")
    milestone, row = found
    decided = (waive_milestone if waive else validate_milestone)(milestone, on)
    _refuse_if(command, decided)
    status = MilestoneStatus.WAIVED if waive else MilestoneStatus.ACHIEVED
    how = "waived" if waive else "validated"
    await repo.record_decisions(conn, [(milestone_id, status.value, on, how, period_of(on), caller.actor)])
    after = await repo.load_milestone(conn, milestone_id)
    assert after is not None
    view = milestone_view(after[1])
    await _audit(conn, caller, command, "milestone", milestone_id, before=milestone_view(row), after=view)
    if waive:
        await _publish(conn, caller, MilestoneWaived(plan_id=milestone.plan_id, milestone_id=milestone_id,
                                                     waived_on=on))
    else:
        await _publish(conn, caller, MilestoneAchieved(
            plan_id=milestone.plan_id, milestone_id=milestone_id, order_id=milestone.order_id,
            bonus_cents=milestone.bonus_cents, achieved_on=on, how="validated",
        ))
    return view


# --- dropout action plans -----------------------------------------------------------------------


async def record_action(conn: asyncpg.Connection, plan_id: str, payload: Mapping[str, Any],
                        caller: Caller) -> dict[str, Any]:
    command = "dropout_action.record"
    malformed = action_item_malformed(payload)
    year = payload.get("year")
    if malformed is None and (isinstance(year, bool) or not isinstance(year, int)):
        malformed = Rejection(INVALID, "'year' must be an integer")
    _refuse_if(command, malformed)
    await _own_plan(conn, command, plan_id, caller)
    action_id = payload.get("action_id") or f"DA-{uuid.uuid4().hex[:12]}"
    item = parse_action_item({**payload, "plan_id": plan_id, "action_id": action_id})
    _refuse_if(command, item)
    assert not isinstance(item, Rejection)
    if item.year is None or not 1 <= item.year <= 9999:
        raise Refused(command, INVALID, "'year' is out of range")
    if await repo.action_exists(conn, item.action_id):
        raise Refused(command, INVALID, f"action {item.action_id!r} already exists")
    await repo.insert_action(conn, item)
    view = action_view(item)
    await _audit(conn, caller, command, "dropout_action", item.action_id, after=view)
    return view


async def change_action(conn: asyncpg.Connection, plan_id: str, action_id: str, payload: Mapping[str, Any],
                        caller: Caller) -> dict[str, Any]:
    command = "dropout_action.status"
    status = payload.get("status")
    if not isinstance(status, str):
        raise Refused(command, INVALID, "'status' must be a string")
    await _own_plan(conn, command, plan_id, caller)
    item = await repo.load_action(conn, plan_id, action_id, for_update=True)
    if item is None:
        raise Refused(command, INVALID, f"unknown action {action_id!r}")
    if status not in {s.value for s in ActionStatus}:
        raise Refused(command, INVALID, f"unknown action status {status!r}")
    changed = change_action_status(item, ActionStatus(status))
    _refuse_if(command, changed)
    assert not isinstance(changed, Rejection)
    if changed.status is not item.status:
        await repo.update_action_status(conn, action_id, changed.status)
        await _audit(conn, caller, command, "dropout_action", action_id,
                     before={"status": item.status.value}, after={"status": changed.status.value})
    history = await repo.action_histories(conn, [action_id])
    return action_view(changed, history.get(action_id, []))
