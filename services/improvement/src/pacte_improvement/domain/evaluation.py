"""Milestone evaluation at period closing, manual decisions and progress (IMPROVEMENT.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from pacte_contracts.codes import (
    Comparator,
    MilestoneIndicator,
    MilestoneScope,
    MilestoneStatus,
    RejectionReason,
)
from pacte_contracts.rules import RATE_PLACES, round_half_up

from .model import Milestone, Plan, Rejection
from .periods import last_day, period_of

#: ``snapshot(scope_kind, indicator) -> (rate as reported, denominator)`` as of the last day of P.
Snapshot = Callable[[str, str], tuple[Decimal | None, int]]
Outcome = Literal["achieved", "missed"]

def _reported(rate: Decimal | None) -> Decimal | None:
    return None if rate is None else round_half_up(rate, RATE_PLACES)


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
    if target.is_met(_reported(rate)) and denominator >= target.min_sample and in_time:
        return "achieved"
    if end > m.due_on:
        return "missed"
    return None


@dataclass(frozen=True, slots=True)
class MilestoneDecision:
    milestone_id: str
    status: MilestoneStatus
    decided_on: date
    bonus_cents: int  # payable bonus: the milestone's bonus when achieved, else 0
    order_id: str

    @property
    def billing_period(self) -> str:
        return period_of(self.decided_on)


def evaluate_plan(plan: Plan, period: str, snapshot: Snapshot) -> list[MilestoneDecision]:
    """Decisions of the closing of ``period`` for ``plan``, dated the last day of the period."""
    end = last_day(period)
    decisions: list[MilestoneDecision] = []
    for m in plan.milestones:
        outcome = evaluate_milestone(m, period, snapshot)
        if outcome is None:
            continue
        status = MilestoneStatus(outcome)
        decisions.append(
            MilestoneDecision(
                milestone_id=m.milestone_id,
                status=status,
                decided_on=end,
                bonus_cents=m.bonus_cents if status is MilestoneStatus.ACHIEVED else 0,
                order_id=m.order_id,
            )
        )
    return decisions


def apply_decisions(plan: Plan, decisions: list[MilestoneDecision]) -> Plan:
    """The plan with the decided milestones in their new state."""
    by_id = {d.milestone_id: d for d in decisions}
    milestones = tuple(
        replace(m, status=by_id[m.milestone_id].status, decided_on=by_id[m.milestone_id].decided_on)
        if m.milestone_id in by_id
        else m
        for m in plan.milestones
    )
    return replace(plan, milestones=milestones)


def _decide(m: Milestone, on: date, status: MilestoneStatus) -> Milestone | Rejection:
    if m.status is not MilestoneStatus.PLANNED:
        return Rejection(RejectionReason.INVALID, f"milestone {m.milestone_id!r} is already {m.status.value}")
    return replace(m, status=status, decided_on=on)


def validate_milestone(m: Milestone, on: date) -> Milestone | Rejection:
    """The buyer validates a planned milestone: achieved on ``on``.

    Its bonus is billed in ``period_of(on)``, on the next invoice if that period is already closed.
    """
    return _decide(m, on, MilestoneStatus.ACHIEVED)


def waive_milestone(m: Milestone, on: date) -> Milestone | Rejection:
    """The buyer waives a planned milestone (final, no bonus)."""
    return _decide(m, on, MilestoneStatus.WAIVED)


def milestone_decision(m: Milestone) -> MilestoneDecision | None:
    """The decision matching a decided milestone's state (e.g. after a manual validation)."""
    if m.status is MilestoneStatus.PLANNED or m.decided_on is None:
        return None
    return MilestoneDecision(
        milestone_id=m.milestone_id,
        status=m.status,
        decided_on=m.decided_on,
        bonus_cents=m.bonus_cents if m.status is MilestoneStatus.ACHIEVED else 0,
        order_id=m.order_id,
    )


@dataclass(frozen=True, slots=True)
class MilestoneProgress:
    milestone_id: str
    status: MilestoneStatus
    due_on: date
    indicator: MilestoneIndicator | None
    scope: MilestoneScope | None
    comparator: Comparator | None
    threshold: Decimal | None
    current_value: Decimal | None
    sample_size: int | None
    min_sample: int | None
    target_met: bool | None  # value meets threshold and the sample is large enough


def progress(plan: Plan, snapshot: Snapshot) -> list[MilestoneProgress]:
    """Per milestone: current indicator value vs target, and sample size (None fields without target)."""
    rows: list[MilestoneProgress] = []
    for m in plan.milestones:
        t = m.target
        if t is None:
            rows.append(
                MilestoneProgress(
                    m.milestone_id, m.status, m.due_on, None, None, None, None, None, None, None, None
                )
            )
            continue
        rate, denominator = snapshot(t.scope.value, t.indicator.value)
        value = _reported(rate)
        rows.append(
            MilestoneProgress(
                milestone_id=m.milestone_id,
                status=m.status,
                due_on=m.due_on,
                indicator=t.indicator,
                scope=t.scope,
                comparator=t.comparator,
                threshold=t.threshold,
                current_value=value,
                sample_size=denominator,
                min_sample=t.min_sample,
                target_met=t.is_met(value) and denominator >= t.min_sample,
            )
        )
    return rows
