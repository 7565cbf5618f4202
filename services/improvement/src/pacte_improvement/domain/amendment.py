"""Versioned amendments of a plan: the organisation proposes, the buyer accepts.

A plan is never edited in place: an amendment may rewrite diagnosis entries and the facilitator
roles, add milestones, or rewrite milestones that are still ``planned``. Decided milestones
(achieved, missed, waived) are final, so an amendment touching one is ``invalid``; so is one
adding a milestone id that exists anywhere (milestone ids are global).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pacte_contracts.codes import MilestoneStatus, RejectionReason
from pacte_contracts.wire import Malformed, field

from .model import DiagnosisDraft, Milestone, MilestoneDraft, Plan, PlanDraft, Rejection
from .parsing import _diagnosis as _parse_diagnosis
from .parsing import _facilitators as _parse_facilitators
from .parsing import _list
from .parsing import _milestone as _parse_milestone
from .validation import _diagnosis as _check_diagnosis
from .validation import _Invalid
from .validation import _milestone as _check_milestone


@dataclass(frozen=True, slots=True)
class AmendmentDraft:
    reason: str
    diagnosis: tuple[DiagnosisDraft, ...] = ()
    facilitators: tuple[str, ...] | None = None
    milestones: tuple[MilestoneDraft, ...] = ()

    def is_empty(self) -> bool:
        return not self.diagnosis and self.facilitators is None and not self.milestones


def parse_amendment(payload: Mapping[str, Any]) -> AmendmentDraft | Rejection:
    """Read an amendment: optional ``diagnosis``, ``facilitators``, ``milestones`` and a ``reason``."""
    try:
        reason = payload.get("reason", "")
        if not isinstance(reason, str):
            raise Malformed("'reason' must be a string")
        diagnosis = _parse_diagnosis(payload["diagnosis"]) if payload.get("diagnosis") is not None else ()
        facilitators = _parse_facilitators(payload) if "facilitators" in payload else None
        raw_milestones = payload.get("milestones")
        milestones = (
            tuple(_parse_milestone(m) for m in _list(field(payload, "milestones"), "milestones"))
            if raw_milestones is not None
            else ()
        )
    except Malformed as exc:
        return Rejection(RejectionReason.INVALID, str(exc))
    draft = AmendmentDraft(
        reason=reason, diagnosis=diagnosis, facilitators=facilitators, milestones=milestones
    )
    if draft.is_empty():
        return Rejection(RejectionReason.INVALID, "an amendment must change something")
    return draft


def apply_amendment(
    plan: Plan, amendment: AmendmentDraft, *, milestone_ids_of_other_plans: Collection[str]
) -> Plan | Rejection:
    """The plan as the amendment would leave it, or why the amendment cannot apply to it now."""
    as_plan_draft = PlanDraft(
        plan_id=plan.plan_id,
        organisation_id=plan.organisation_id,
        lot_id=plan.lot_id,
        order_id=plan.order_id,
        diagnosis=amendment.diagnosis,
        milestones=amendment.milestones,
    )
    try:
        new_entries = {e.dimension: e for e in _check_diagnosis(as_plan_draft)}
        kept = tuple(new_entries.pop(e.dimension, e) for e in plan.diagnosis)
        diagnosis = kept + tuple(new_entries.values())
        current = {m.milestone_id: m for m in plan.milestones}
        changed: dict[str, Milestone] = {}
        for draft in amendment.milestones:
            if draft.milestone_id in changed:
                raise _Invalid(f"milestone {draft.milestone_id!r} appears twice in the amendment")
            before = current.get(draft.milestone_id)
            if before is None and draft.milestone_id in milestone_ids_of_other_plans:
                raise _Invalid(f"milestone {draft.milestone_id!r} already exists")
            if before is not None and before.status is not MilestoneStatus.PLANNED:
                raise _Invalid(f"milestone {draft.milestone_id!r} is already {before.status.value}")
            changed[draft.milestone_id] = _check_milestone(draft, as_plan_draft)
    except _Invalid as exc:
        return Rejection(RejectionReason.INVALID, str(exc))
    milestones = tuple(changed.pop(m.milestone_id, m) for m in plan.milestones) + tuple(changed.values())
    return replace(
        plan,
        diagnosis=diagnosis,
        milestones=milestones,
        facilitators=plan.facilitators if amendment.facilitators is None else amendment.facilitators,
    )
