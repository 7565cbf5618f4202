"""``plan.create`` (IMPROVEMENT.md), and the value checks an amendment shares with it.

SCENARIO.md's order: a malformed command never reaches here (the command model refuses it);
then ``forbidden`` (another organisation's plan); then unknown or out-of-range values, ``invalid``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from pacte_contracts.codes import (
    Comparator,
    ImprovementDimension,
    MilestoneIndicator,
    MilestoneScope,
    RejectionReason,
)
from pacte_contracts.refusals import Rejection

from .commands import CreatePlan, DiagnosisScore, MilestoneSpec, TargetSpec
from .model import DiagnosisEntry, Milestone, Plan, Target

_DIMENSIONS = {d.value for d in ImprovementDimension}
_INDICATORS = {i.value for i in MilestoneIndicator}
_SCOPES = {s.value for s in MilestoneScope}
_COMPARATORS = {c.value for c in Comparator}


def owned(plan: Plan | None, plan_id: str, organisation_id: str | None) -> Rejection | None:
    """Why an organisation may not act on (or read) a plan; `organisation_id` None: the back-office."""
    if plan is None:
        return Rejection.invalid(f"unknown plan {plan_id!r}")
    if organisation_id is not None and plan.organisation_id != organisation_id:
        return Rejection(RejectionReason.FORBIDDEN, "this plan belongs to another organisation")
    return None


def diagnosis_of(entries: Mapping[str, DiagnosisScore]) -> tuple[DiagnosisEntry, ...] | Rejection:
    diagnosis: list[DiagnosisEntry] = []
    for dimension, entry in entries.items():
        if dimension not in _DIMENSIONS:
            return Rejection.invalid(f"diagnosis: unknown dimension {dimension!r}")
        if not 1 <= entry.score <= 5:
            return Rejection.invalid(f"diagnosis {dimension!r}: score must be 1-5")
        diagnosis.append(DiagnosisEntry(ImprovementDimension(dimension), entry.score, entry.comment))
    return tuple(diagnosis)


def _target(spec: TargetSpec, where: str) -> Target | Rejection:
    if spec.indicator not in _INDICATORS:
        return Rejection.invalid(f"{where}: unknown indicator {spec.indicator!r}")
    if spec.scope not in _SCOPES:
        return Rejection.invalid(f"{where}: scope must be 'lot' or 'organisation', not {spec.scope!r}")
    if spec.comparator not in _COMPARATORS:
        return Rejection.invalid(f"{where}: comparator must be '<=' or '>=', not {spec.comparator!r}")
    if spec.min_sample < 0:
        return Rejection.invalid(f"{where}: min_sample must not be negative")
    return Target(MilestoneIndicator(spec.indicator), MilestoneScope(spec.scope), Comparator(spec.comparator),
                  spec.threshold, spec.min_sample)


def taken(what: str, identifier: str) -> Rejection:
    """An id that exists (SCENARIO.md: `invalid`), said no more precisely: plan and milestone ids are
    unique across the programme, so the id may be another organisation's (docs/security.md)."""
    return Rejection.invalid(f"{what} id {identifier!r} cannot be used: choose another")


def milestone_of(spec: MilestoneSpec, plan_id: str, order_id: str) -> Milestone | Rejection:
    where = f"milestone {spec.milestone_id!r}"
    if spec.dimension not in _DIMENSIONS:
        return Rejection.invalid(f"{where}: unknown dimension {spec.dimension!r}")
    if spec.bonus_cents < 0:
        return Rejection.invalid(f"{where}: bonus_cents must not be negative")
    target = None if spec.target is None else _target(spec.target, where)
    if isinstance(target, Rejection):
        return target
    return Milestone(spec.milestone_id, plan_id, order_id, ImprovementDimension(spec.dimension), spec.description,
                     spec.due_on, spec.bonus_cents, target)


def _milestones(specs: Sequence[MilestoneSpec], command: CreatePlan,
                taken_ids: Collection[str]) -> tuple[Milestone, ...] | Rejection:
    seen: set[str] = set()
    milestones: list[Milestone] = []
    for spec in specs:
        if spec.milestone_id in taken_ids or spec.milestone_id in seen:
            return taken("milestone", spec.milestone_id)
        seen.add(spec.milestone_id)
        milestone = milestone_of(spec, command.plan_id, command.order_id)
        if isinstance(milestone, Rejection):
            return milestone
        milestones.append(milestone)
    return tuple(milestones)


def _references(command: CreatePlan, *, plan_exists: bool, lot_has_plan: bool, lot_holder: str | None,
                order_lot: str | None) -> Rejection | None:
    if plan_exists:
        return taken("plan", command.plan_id)
    if lot_has_plan:
        return Rejection.invalid("the organisation already has a plan for this lot")
    if lot_holder is None:
        return Rejection.invalid(f"unknown or unawarded lot {command.lot_id!r}")
    if order_lot is None:
        return Rejection.invalid(f"unknown order {command.order_id!r}")
    if order_lot != command.lot_id:
        return Rejection.invalid(f"order {command.order_id!r} does not belong to lot {command.lot_id!r}")
    if lot_holder != command.organisation_id:
        return Rejection.invalid(f"organisation {command.organisation_id!r} does not hold lot {command.lot_id!r}")
    return None


def decide_create_plan(command: CreatePlan, *, organisation_id: str, plan_exists: bool, lot_has_plan: bool,
                       taken_milestone_ids: Collection[str], lot_holder: str | None,
                       order_lot: str | None) -> Plan | Rejection:
    """`organisation_id`: the sender's; `lot_has_plan`: the organisation already has a plan for the lot;
    `taken_milestone_ids`: the command's milestone ids that exist (ids are global); `lot_holder`: the
    holder of the lot (None: unknown or not awarded); `order_lot`: the lot of the order (None: unknown)."""
    if organisation_id != command.organisation_id:
        return Rejection(RejectionReason.FORBIDDEN, "an organisation creates its own plans only")
    refused = _references(command, plan_exists=plan_exists, lot_has_plan=lot_has_plan, lot_holder=lot_holder,
                          order_lot=order_lot)
    if refused is not None:
        return refused
    diagnosis = diagnosis_of(command.diagnosis)
    if isinstance(diagnosis, Rejection):
        return diagnosis
    milestones = _milestones(command.milestones, command, taken_milestone_ids)
    if isinstance(milestones, Rejection):
        return milestones
    return Plan(command.plan_id, command.organisation_id, command.lot_id, command.order_id, diagnosis, milestones,
                tuple(command.facilitators or ()))
