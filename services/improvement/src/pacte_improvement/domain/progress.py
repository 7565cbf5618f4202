"""A plan's progress: each milestone's current value against its target (IMPROVEMENT.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacte_contracts.codes import Comparator, MilestoneIndicator, MilestoneScope, MilestoneStatus

from .evaluation import Snapshot
from .model import Milestone, Plan
from .rates import reported


@dataclass(frozen=True, slots=True)
class MilestoneProgress:
    milestone_id: str
    status: MilestoneStatus
    due_on: date
    indicator: MilestoneIndicator | None = None
    scope: MilestoneScope | None = None
    comparator: Comparator | None = None
    threshold: Decimal | None = None
    current_value: Decimal | None = None
    sample_size: int | None = None
    min_sample: int | None = None
    target_met: bool | None = None  # value meets threshold and the sample is large enough


def _progress(m: Milestone, snapshot: Snapshot) -> MilestoneProgress:
    t = m.target
    if t is None:
        return MilestoneProgress(m.milestone_id, m.status, m.due_on)
    rate, denominator = snapshot(t.scope.value, t.indicator.value)
    value = reported(rate)
    return MilestoneProgress(
        milestone_id=m.milestone_id, status=m.status, due_on=m.due_on, indicator=t.indicator, scope=t.scope,
        comparator=t.comparator, threshold=t.threshold, current_value=value, sample_size=denominator,
        min_sample=t.min_sample, target_met=t.is_met(value) and denominator >= t.min_sample,
    )


def progress(plan: Plan, snapshot: Snapshot) -> list[MilestoneProgress]:
    """Per milestone: current indicator value vs target, and sample size (None fields without target)."""
    return [_progress(m, snapshot) for m in plan.milestones]
