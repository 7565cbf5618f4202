"""Value and reference checks of ``plan.create`` (IMPROVEMENT.md, SCENARIO.md levels 2-3)."""

from __future__ import annotations

from collections.abc import Collection

from pacte_contracts.codes import (
    Comparator,
    ImprovementDimension,
    MilestoneIndicator,
    MilestoneScope,
    RejectionReason,
)
from pacte_contracts.wire import is_number, to_decimal

from .model import (
    DiagnosisEntry,
    Milestone,
    MilestoneDraft,
    Plan,
    PlanDraft,
    Rejection,
    Target,
    TargetDraft,
)

_DIMENSIONS = {d.value for d in ImprovementDimension}
_INDICATORS = {i.value for i in MilestoneIndicator}
_SCOPES = {s.value for s in MilestoneScope}
_COMPARATORS = {c.value for c in Comparator}


class _Invalid(Exception):
    pass


def _target(draft: TargetDraft, milestone_id: str) -> Target:
    where = f"milestone {milestone_id!r}"
    if draft.indicator not in _INDICATORS:
        raise _Invalid(f"{where}: unknown indicator {draft.indicator!r}")
    if draft.scope not in _SCOPES:
        raise _Invalid(f"{where}: scope must be 'lot' or 'organisation', not {draft.scope!r}")
    if draft.comparator not in _COMPARATORS:
        raise _Invalid(f"{where}: comparator must be '<=' or '>=', not {draft.comparator!r}")
    threshold = draft.threshold
    if not is_number(threshold):
        raise _Invalid(f"{where}: threshold must be a number")
    assert isinstance(threshold, int | float)
    if draft.min_sample < 0:
        raise _Invalid(f"{where}: min_sample must not be negative")
    return Target(
        indicator=MilestoneIndicator(draft.indicator),
        scope=MilestoneScope(draft.scope),
        comparator=Comparator(draft.comparator),
        threshold=to_decimal(threshold),
        min_sample=draft.min_sample,
    )


def _milestone(draft: MilestoneDraft, plan: PlanDraft) -> Milestone:
    if draft.dimension not in _DIMENSIONS:
        raise _Invalid(f"milestone {draft.milestone_id!r}: unknown dimension {draft.dimension!r}")
    if draft.bonus_cents < 0:
        raise _Invalid(f"milestone {draft.milestone_id!r}: bonus_cents must not be negative")
    return Milestone(
        milestone_id=draft.milestone_id,
        plan_id=plan.plan_id,
        order_id=plan.order_id,
        dimension=ImprovementDimension(draft.dimension),
        description=draft.description,
        due_on=draft.due_on,
        bonus_cents=draft.bonus_cents,
        target=None if draft.target is None else _target(draft.target, draft.milestone_id),
    )


def _diagnosis(draft: PlanDraft) -> tuple[DiagnosisEntry, ...]:
    entries: list[DiagnosisEntry] = []
    for d in draft.diagnosis:
        if d.dimension not in _DIMENSIONS:
            raise _Invalid(f"diagnosis: unknown dimension {d.dimension!r}")
        if not 1 <= d.score <= 5:
            raise _Invalid(f"diagnosis {d.dimension!r}: score must be 1-5")
        entries.append(DiagnosisEntry(ImprovementDimension(d.dimension), d.score, d.comment))
    return tuple(entries)


def validate_plan(
    draft: PlanDraft,
    *,
    existing_plan_ids: Collection[str],
    existing_milestone_ids: Collection[str],
    lot_holder_org_id: str | None,
    order_lot_id: str | None,
    caller_org_id: str,
    existing_plan_keys: Collection[tuple[str, str]] = (),
) -> Plan | Rejection:
    """Decide ``plan.create`` once parsed.

    ``lot_holder_org_id`` is the holder of ``draft.lot_id`` (None: unknown or not awarded lot);
    ``order_lot_id`` is the lot of ``draft.order_id`` (None: unknown order);
    ``existing_plan_keys`` are the ``(organisation_id, lot_id)`` pairs that already have a plan.
    """
    if caller_org_id != draft.organisation_id:
        return Rejection(RejectionReason.FORBIDDEN, "an organisation creates its own plans only")
    try:
        if draft.plan_id in existing_plan_ids:
            raise _Invalid(f"plan {draft.plan_id!r} already exists")
        if (draft.organisation_id, draft.lot_id) in existing_plan_keys:
            raise _Invalid("the organisation already has a plan for this lot")
        if lot_holder_org_id is None:
            raise _Invalid(f"unknown or unawarded lot {draft.lot_id!r}")
        if order_lot_id is None:
            raise _Invalid(f"unknown order {draft.order_id!r}")
        if order_lot_id != draft.lot_id:
            raise _Invalid(f"order {draft.order_id!r} does not belong to lot {draft.lot_id!r}")
        if lot_holder_org_id != draft.organisation_id:
            raise _Invalid(f"organisation {draft.organisation_id!r} does not hold lot {draft.lot_id!r}")
        diagnosis = _diagnosis(draft)
        seen: set[str] = set()
        milestones: list[Milestone] = []
        for m in draft.milestones:
            if m.milestone_id in existing_milestone_ids or m.milestone_id in seen:
                raise _Invalid(f"milestone {m.milestone_id!r} already exists")
            seen.add(m.milestone_id)
            milestones.append(_milestone(m, draft))
    except _Invalid as exc:
        return Rejection(RejectionReason.INVALID, str(exc))
    return Plan(
        plan_id=draft.plan_id,
        organisation_id=draft.organisation_id,
        lot_id=draft.lot_id,
        order_id=draft.order_id,
        diagnosis=diagnosis,
        milestones=tuple(milestones),
        facilitators=draft.facilitators,
    )
