"""Actions of a dropout action plan: recorded against a reason, followed year over year."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from pacte_contracts.codes import DropoutReason
from pacte_contracts.refusals import Rejection

from .commands import ChangeDropoutActionStatus, RecordDropoutAction
from .model import Plan
from .plan import owned

_REASONS = {r.value for r in DropoutReason}


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


_NEXT: dict[ActionStatus, frozenset[ActionStatus]] = {
    ActionStatus.PLANNED: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.DONE: frozenset(),
    ActionStatus.DROPPED: frozenset(),
}
_STATUSES = {s.value for s in ActionStatus}


@dataclass(frozen=True, slots=True)
class ActionItem:
    reason_addressed: DropoutReason
    description: str
    owner_role: str
    due_on: date
    status: ActionStatus = ActionStatus.PLANNED
    plan_id: str = ""
    year: int | None = None
    action_id: str = ""


def decide_record_action(plan: Plan | None, command: RecordDropoutAction, *, organisation_id: str,
                         action_id: str, action_exists: bool) -> ActionItem | Rejection:
    """`action_id`: the command's, or the one generated for it; `action_exists`: that id is taken."""
    refused = owned(plan, command.plan_id, organisation_id)
    if refused is not None:
        return refused
    if command.reason_addressed not in _REASONS:
        return Rejection.invalid(f"unknown dropout reason {command.reason_addressed!r}")
    if command.status not in _STATUSES:
        return Rejection.invalid(f"unknown action status {command.status!r}")
    if action_exists:
        return Rejection.invalid(f"action {action_id!r} already exists in this plan")
    return ActionItem(DropoutReason(command.reason_addressed), command.description, command.owner_role,
                      command.due_on, ActionStatus(command.status), command.plan_id, command.year, action_id)


def change_action_status(item: ActionItem, status: ActionStatus) -> ActionItem | Rejection:
    """planned -> in_progress -> done, or dropped before done; done and dropped are final."""
    if status == item.status:
        return item
    if status not in _NEXT[item.status]:
        return Rejection.invalid(f"action cannot go from {item.status} to {status}")
    return replace(item, status=status)


def decide_action_status(plan: Plan | None, item: ActionItem | None, command: ChangeDropoutActionStatus, *,
                         organisation_id: str) -> ActionItem | Rejection:
    refused = owned(plan, command.plan_id, organisation_id)
    if refused is not None:
        return refused
    if item is None:
        return Rejection.invalid(f"unknown action {command.action_id!r}")
    if command.status not in _STATUSES:
        return Rejection.invalid(f"unknown action status {command.status!r}")
    return change_action_status(item, ActionStatus(command.status))
