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
)

from .commands import ProposeAmendment


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


@dataclass(frozen=True, slots=True)
class Proposal:
    """An amendment as proposed, until the buyer accepts or rejects it."""

    plan_id: str
    number: int
    status: str  # proposed, accepted or rejected
    change: ProposeAmendment

    @property
    def is_open(self) -> bool:
        return self.status == "proposed"
