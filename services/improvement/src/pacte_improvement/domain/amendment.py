"""Versioned amendments of a plan: the organisation proposes, the buyer accepts or rejects.

A plan is never edited in place: an amendment may rewrite diagnosis entries and the facilitator
roles, add milestones, or rewrite milestones that are still ``planned``. Decided milestones
(achieved, missed, waived) are final, so an amendment touching one is ``invalid``; so is one
adding a milestone id that exists anywhere (milestone ids are global). The amendment is checked
when proposed and again, against the plan as it is then, when accepted.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from pacte_contracts.codes import MilestoneStatus
from pacte_contracts.refusals import Rejection

from .commands import AcceptAmendment, ProposeAmendment, RejectAmendment
from .model import Milestone, Plan, Proposal
from .plan import diagnosis_of, milestone_of, owned, taken


def _milestones(plan: Plan, change: ProposeAmendment,
                milestone_ids_of_other_plans: Collection[str]) -> tuple[Milestone, ...] | Rejection:
    current = {m.milestone_id: m for m in plan.milestones}
    changed: dict[str, Milestone] = {}
    for spec in change.milestones or ():
        where = f"milestone {spec.milestone_id!r}"
        before = current.get(spec.milestone_id)
        if spec.milestone_id in changed:
            return Rejection.invalid(f"{where} appears twice in the amendment")
        if before is None and spec.milestone_id in milestone_ids_of_other_plans:
            return taken("milestone", spec.milestone_id)
        if before is not None and before.status is not MilestoneStatus.PLANNED:
            return Rejection.invalid(f"{where} is already {before.status.value}")
        milestone = milestone_of(spec, plan.plan_id, plan.order_id)
        if isinstance(milestone, Rejection):
            return milestone
        changed[spec.milestone_id] = milestone
    return tuple(changed.pop(m.milestone_id, m) for m in plan.milestones) + tuple(changed.values())


def apply_amendment(plan: Plan, change: ProposeAmendment, *,
                    milestone_ids_of_other_plans: Collection[str]) -> Plan | Rejection:
    """The plan as the amendment would leave it, or why the amendment cannot apply to it now."""
    if not change.diagnosis and change.facilitators is None and not change.milestones:
        return Rejection.invalid("an amendment must change something")
    rewritten = diagnosis_of(change.diagnosis or {})
    if isinstance(rewritten, Rejection):
        return rewritten
    new_entries = {e.dimension: e for e in rewritten}
    diagnosis = tuple(new_entries.pop(e.dimension, e) for e in plan.diagnosis) + tuple(new_entries.values())
    milestones = _milestones(plan, change, milestone_ids_of_other_plans)
    if isinstance(milestones, Rejection):
        return milestones
    facilitators = plan.facilitators if change.facilitators is None else tuple(change.facilitators)
    return replace(plan, diagnosis=diagnosis, milestones=milestones, facilitators=facilitators)


def decide_proposal(plan: Plan | None, change: ProposeAmendment, *, organisation_id: str,
                    milestone_ids_of_other_plans: Collection[str]) -> Plan | Rejection:
    """The organisation's own plan only (``forbidden`` before any value of the amendment is checked)."""
    refused = owned(plan, change.plan_id, organisation_id)
    if refused is not None:
        return refused
    assert plan is not None
    return apply_amendment(plan, change, milestone_ids_of_other_plans=milestone_ids_of_other_plans)


def _open(proposal: Proposal | None, plan_id: str, number: int) -> Rejection | None:
    if proposal is None:
        return Rejection.invalid(f"unknown amendment {number} of plan {plan_id!r}")
    if not proposal.is_open:
        return Rejection.invalid(f"amendment {number} is already {proposal.status}")
    return None


def decide_acceptance(plan: Plan | None, proposal: Proposal | None, command: AcceptAmendment, *,
                      milestone_ids_of_other_plans: Collection[str]) -> Plan | Rejection:
    refused = owned(plan, command.plan_id, None) or _open(proposal, command.plan_id, command.number)
    if refused is not None:
        return refused
    assert plan is not None and proposal is not None
    return apply_amendment(plan, proposal.change, milestone_ids_of_other_plans=milestone_ids_of_other_plans)


def decide_rejection(plan: Plan | None, proposal: Proposal | None, command: RejectAmendment) -> Proposal | Rejection:
    refused = owned(plan, command.plan_id, None) or _open(proposal, command.plan_id, command.number)
    if refused is not None:
        return refused
    assert proposal is not None
    return replace(proposal, status="rejected")
