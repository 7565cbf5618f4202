"""Milestone evaluation at a period closing (IMPROVEMENT.md, "Evaluation")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pacte_contracts.codes import MilestoneStatus

from .model import Milestone
from .periods import last_day, period_of
from .rates import reported

#: ``snapshot(scope_kind, indicator) -> (rate as reported, denominator)`` as of the last day of P.
Snapshot = Callable[[str, str], tuple[Decimal | None, int]]
Outcome = Literal["achieved", "missed"]


def evaluate_milestone(m: Milestone, period: str, snapshot: Snapshot) -> Outcome | None:
    """Evaluate one milestone when closing ``period``; None when it stays as it is.

    Only ``planned`` milestones with an indicator target are evaluated, in this order:
    1. target met, denominator >= min_sample, and (last day of P <= due_on or P contains due_on)
       -> achieved;
    2. last day of P after due_on -> missed;
    3. otherwise None (stays planned).
    """
    if m.status is not MilestoneStatus.PLANNED or m.target is None:
        return None
    end = last_day(period)
    target = m.target
    rate, denominator = snapshot(target.scope.value, target.indicator.value)
    in_time = end <= m.due_on or period_of(m.due_on) == period
    if target.is_met(reported(rate)) and denominator >= target.min_sample and in_time:
        return "achieved"
    if end > m.due_on:
        return "missed"
    return None


@dataclass(frozen=True, slots=True)
class MilestoneDecision:
    """A milestone decided by a closing, dated the last day of the period."""

    milestone_id: str
    plan_id: str
    order_id: str
    status: MilestoneStatus
    decided_on: date
    bonus_cents: int  # payable bonus: the milestone's bonus when achieved, else 0


def closing_decisions(period: str, candidates: Iterable[tuple[Milestone, Snapshot]]) -> list[MilestoneDecision]:
    """The decisions of the closing of ``period``: each milestone with its plan's snapshot, in order."""
    end = last_day(period)
    decisions: list[MilestoneDecision] = []
    for m, snapshot in candidates:
        outcome = evaluate_milestone(m, period, snapshot)
        if outcome is not None:
            status = MilestoneStatus(outcome)
            bonus = m.bonus_cents if status is MilestoneStatus.ACHIEVED else 0
            decisions.append(MilestoneDecision(m.milestone_id, m.plan_id, m.order_id, status, end, bonus))
    return decisions
