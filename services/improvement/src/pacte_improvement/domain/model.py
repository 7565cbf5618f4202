"""Plans, milestones and targets of service-improvement plans (IMPROVEMENT.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacte_contracts.codes import (
    Comparator,
    ImprovementDimension,
    MilestoneIndicator,
    MilestoneScope,
    MilestoneStatus,
    RejectionReason,
)


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: RejectionReason
    detail: str


# --- drafts: structurally valid payloads, codes still raw -------------------------------------


@dataclass(frozen=True, slots=True)
class DiagnosisDraft:
    dimension: str
    score: int
    comment: str


@dataclass(frozen=True, slots=True)
class TargetDraft:
    indicator: str
    scope: str
    comparator: str
    threshold: object  # raw JSON value; checked by validate_plan
    min_sample: int


@dataclass(frozen=True, slots=True)
class MilestoneDraft:
    milestone_id: str
    dimension: str
    description: str
    due_on: date
    bonus_cents: int
    target: TargetDraft | None


@dataclass(frozen=True, slots=True)
class PlanDraft:
    plan_id: str
    organisation_id: str
    lot_id: str
    order_id: str
    diagnosis: tuple[DiagnosisDraft, ...]
    milestones: tuple[MilestoneDraft, ...]
    facilitators: tuple[str, ...] = ()


# --- validated state ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiagnosisEntry:
    dimension: ImprovementDimension
    score: int
    comment: str


@dataclass(frozen=True, slots=True)
class Target:
    indicator: MilestoneIndicator
    scope: MilestoneScope
    comparator: Comparator
    threshold: Decimal
    min_sample: int

    def is_met(self, rate: Decimal | None) -> bool:
        """Whether a reported rate meets the threshold; an undefined rate never does."""
        if rate is None:
            return False
        if self.comparator is Comparator.AT_MOST:
            return rate <= self.threshold
        return rate >= self.threshold


@dataclass(frozen=True, slots=True)
class Milestone:
    milestone_id: str
    plan_id: str
    order_id: str
    dimension: ImprovementDimension
    description: str
    due_on: date
    bonus_cents: int
    target: Target | None
    status: MilestoneStatus = MilestoneStatus.PLANNED
    decided_on: date | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    plan_id: str
    organisation_id: str
    lot_id: str
    order_id: str
    diagnosis: tuple[DiagnosisEntry, ...]
    milestones: tuple[Milestone, ...]
    facilitators: tuple[str, ...] = ()

    def milestone(self, milestone_id: str) -> Milestone | None:
        for m in self.milestones:
            if m.milestone_id == milestone_id:
                return m
        return None
