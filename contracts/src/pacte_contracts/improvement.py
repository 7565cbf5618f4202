"""Events of the improvement-plan service."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from pacte_contracts import topics
from pacte_contracts.envelope import Event, register


@register
class PlanCreated(Event):
    TOPIC: ClassVar[str] = topics.IMPROVEMENT_PLAN
    KEY_FIELD: ClassVar[str] = "plan_id"
    plan_id: str
    organisation_id: str
    lot_id: str
    order_id: str
    milestone_ids: list[str]


class Achievement(BaseModel):
    model_config = ConfigDict(frozen=True)
    plan_id: str
    milestone_id: str
    order_id: str
    bonus_cents: int
    achieved_on: date


@register
class MilestoneAchieved(Event):
    TOPIC: ClassVar[str] = topics.IMPROVEMENT_PLAN
    KEY_FIELD: ClassVar[str] = "plan_id"
    plan_id: str
    milestone_id: str
    order_id: str
    bonus_cents: int
    achieved_on: date
    #: "evaluated" at a period closing, or "validated" by the buyer.
    how: str


@register
class MilestoneMissed(Event):
    TOPIC: ClassVar[str] = topics.IMPROVEMENT_PLAN
    KEY_FIELD: ClassVar[str] = "plan_id"
    plan_id: str
    milestone_id: str
    period: str


@register
class MilestoneWaived(Event):
    TOPIC: ClassVar[str] = topics.IMPROVEMENT_PLAN
    KEY_FIELD: ClassVar[str] = "plan_id"
    plan_id: str
    milestone_id: str
    waived_on: date


@register
class MilestonesEvaluated(Event):
    """The answer to a period closing: billing issues the period's invoices once it has it."""

    TOPIC: ClassVar[str] = topics.IMPROVEMENT_EVALUATION
    KEY_FIELD: ClassVar[str] = "period"
    period: str
    achievements: list[Achievement]
    missed: list[str]
