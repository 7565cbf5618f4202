"""Domain results → contract events (improvement.plan.v1, improvement.evaluation.v1)."""

from __future__ import annotations

from pacte_contracts.codes import MilestoneStatus
from pacte_contracts.envelope import Event
from pacte_contracts.improvement import (
    Achievement,
    MilestoneAchieved,
    MilestoneMissed,
    MilestonesEvaluated,
    MilestoneWaived,
    PlanCreated,
)
from pacte_improvement.domain import Milestone, MilestoneDecision, Plan


def plan_created(plan: Plan) -> PlanCreated:
    return PlanCreated(plan_id=plan.plan_id, organisation_id=plan.organisation_id, lot_id=plan.lot_id,
                       order_id=plan.order_id, milestone_ids=[m.milestone_id for m in plan.milestones])


def milestone_decided(m: Milestone) -> MilestoneAchieved | MilestoneWaived:
    """The buyer's decision: validated (its bonus billed in the date's period) or waived."""
    assert m.decided_on is not None
    if m.status is MilestoneStatus.WAIVED:
        return MilestoneWaived(plan_id=m.plan_id, milestone_id=m.milestone_id, waived_on=m.decided_on)
    return MilestoneAchieved(plan_id=m.plan_id, milestone_id=m.milestone_id, order_id=m.order_id,
                             bonus_cents=m.bonus_cents, achieved_on=m.decided_on, how="validated")


def closing_answer(period: str, decisions: list[MilestoneDecision]) -> MilestonesEvaluated:
    """What billing waits for before issuing the period's invoices (sent even when nothing was decided)."""
    return MilestonesEvaluated(
        period=period,
        achievements=[Achievement(plan_id=d.plan_id, milestone_id=d.milestone_id, order_id=d.order_id,
                                  bonus_cents=d.bonus_cents, achieved_on=d.decided_on)
                      for d in decisions if d.status is MilestoneStatus.ACHIEVED],
        missed=[d.milestone_id for d in decisions if d.status is MilestoneStatus.MISSED],
    )


def closing_events(period: str, decisions: list[MilestoneDecision]) -> list[Event]:
    """Each achievement, then each miss, then the closing's answer."""
    answer = closing_answer(period, decisions)
    missed = [MilestoneMissed(plan_id=d.plan_id, milestone_id=d.milestone_id, period=period)
              for d in decisions if d.status is MilestoneStatus.MISSED]
    return [*(MilestoneAchieved(**a.model_dump(), how="evaluated") for a in answer.achievements), *missed, answer]
