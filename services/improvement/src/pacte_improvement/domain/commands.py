"""The commands of service-improvement plans: one strict model each (SCENARIO.md, IMPROVEMENT.md).

Each model is the route's body, its OpenAPI schema and the decider's input. A wrong JSON type is
malformed (SCENARIO.md's first refusal); codes (dimension, indicator, scope, comparator, dropout
reason, action status) stay strings and ranges are not checked here, so that an unknown code or a
negative amount is refused after `forbidden`, by the deciders.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from annotated_types import Len
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema

from pacte_contracts.codes import Comparator, DropoutReason, ImprovementDimension, MilestoneIndicator, MilestoneScope
from pacte_contracts.limits import MAX_ITEMS, MAX_NUMBER
from pacte_contracts.types import (
    Cents,
    Code,
    Command,
    Count,
    Id,
    IsoDate,
    Items,
    NonEmptyText,
    Text,
    Year,
    parse_number,
)


def _one_of(codes: type[StrEnum]) -> str:
    return ", ".join(f"`{code.value}`" for code in codes)


def _as_json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


#: A target's threshold, compared with the rate as reported (4 decimals), kept exact.
Threshold = Annotated[
    Decimal, PlainValidator(parse_number), PlainSerializer(_as_json_number),
    WithJsonSchema({"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER,
                    "description": "Compared with the rate as reported (4 decimals)"}),
]


class _Part(BaseModel):
    """A nested part of a command: as strict as the command itself."""

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")


class DiagnosisScore(_Part):
    score: Count = Field(description="Baseline score, 1-5")
    comment: Text


class TargetSpec(_Part):
    indicator: Code = Field(description=_one_of(MilestoneIndicator))
    scope: Code = Field(description=f"{_one_of(MilestoneScope)}: the plan's lot, or every lot its organisation holds")
    comparator: Code = Field(description=_one_of(Comparator))
    threshold: Threshold
    min_sample: Count = Field(description="Least denominator of the indicator for the target to count (≥ 0)")


class MilestoneSpec(_Part):
    milestone_id: Id = Field(description="Unique across every plan")
    dimension: Code = Field(description=_one_of(ImprovementDimension))
    description: Text
    due_on: IsoDate
    bonus_cents: Cents = Field(description="≥ 0; 0 means no bonus")
    target: TargetSpec | None = Field(description="null: a deliverable the buyer validates by hand")


#: Dimension → baseline score and comment (the keys are codes, checked by the decider).
Diagnosis = Annotated[dict[Code, DiagnosisScore], Len(0, MAX_ITEMS)]


class CreatePlan(Command):
    NAME = "plan.create"
    plan_id: Id
    organisation_id: Id = Field(description="Must be the organisation of the API key")
    lot_id: Id
    order_id: Id
    diagnosis: Diagnosis = Field(
        description=f"Dimension ({_one_of(ImprovementDimension)}) → baseline score and comment")
    milestones: Items[MilestoneSpec]
    facilitators: Items[Text] | None = Field(default=None, description="Internal facilitator roles (no names)")


class ProposeAmendment(Command):
    """A plan is never edited in place: the organisation proposes, the buyer accepts."""

    NAME = "plan.amend"
    plan_id: Id
    reason: Text = ""
    diagnosis: Diagnosis | None = Field(default=None, description="Diagnosis entries to rewrite")
    facilitators: Items[Text] | None = Field(default=None, description="Replaces the facilitator roles")
    milestones: Items[MilestoneSpec] | None = Field(
        default=None, description="New milestones, or new versions of milestones still planned")

    def changes(self) -> dict[str, Any]:
        """What is kept of the proposal until the buyer decides (JSON)."""
        dumped = self.model_dump(mode="json", exclude={"plan_id"})
        return {name: value for name, value in dumped.items() if value is not None}


class AcceptAmendment(Command):
    NAME = "plan.amendment.accept"
    plan_id: Id
    number: Count
    comment: Text | None = None


class RejectAmendment(Command):
    NAME = "plan.amendment.reject"
    plan_id: Id
    number: Count
    comment: Text | None = None


class ValidateMilestone(Command):
    """Achieved on `date`; its bonus is billed in that date's period."""

    NAME = "milestone.validate"
    milestone_id: Id
    date: IsoDate


class WaiveMilestone(Command):
    NAME = "milestone.waive"
    milestone_id: Id
    date: IsoDate


class RecordDropoutAction(Command):
    NAME = "dropout_action.record"
    plan_id: Id
    action_id: Id | None = Field(default=None, description="Chosen by the organisation, else generated")
    year: Year
    reason_addressed: Code = Field(description=_one_of(DropoutReason))
    description: NonEmptyText
    owner_role: NonEmptyText = Field(description="A role, never a person's name")
    due_on: IsoDate
    status: Code = Field(default="planned", description="`planned`, `in_progress`, `done` or `dropped`")


class ChangeDropoutActionStatus(Command):
    """planned → in_progress → done, or dropped before done."""

    NAME = "dropout_action.status"
    plan_id: Id
    action_id: Id
    status: Code = Field(description="`planned`, `in_progress`, `done` or `dropped`")


COMMANDS: tuple[type[Command], ...] = (
    CreatePlan, ProposeAmendment, AcceptAmendment, RejectAmendment, ValidateMilestone, WaiveMilestone,
    RecordDropoutAction, ChangeDropoutActionStatus,
)
