"""Request bodies as documented in the OpenAPI document.

Bodies are read as raw JSON and checked by the domain, so that refusals follow SCENARIO.md's
precedence (a pydantic model would coerce values and answer before the `forbidden` check); these
models only describe them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from pacte_contracts.codes import (
    Comparator,
    DropoutReason,
    ImprovementDimension,
    MilestoneIndicator,
    MilestoneScope,
)


class DiagnosisIn(BaseModel):
    score: int = Field(ge=1, le=5, description="Baseline score, 1-5")
    comment: str = ""


class TargetIn(BaseModel):
    indicator: MilestoneIndicator
    scope: MilestoneScope
    comparator: Comparator
    threshold: float = Field(description="Compared with the rate as reported (4 decimals)")
    min_sample: int = Field(ge=0, description="Least denominator of the indicator for the target to count")


class MilestoneIn(BaseModel):
    milestone_id: str = Field(description="Unique across every plan")
    dimension: ImprovementDimension
    description: str
    due_on: date
    bonus_cents: int = Field(ge=0)
    target: TargetIn | None = Field(description="null: a deliverable the buyer validates by hand")


class PlanIn(BaseModel):
    plan_id: str
    organisation_id: str = Field(description="Must be the organisation of the API key")
    lot_id: str
    order_id: str
    diagnosis: dict[ImprovementDimension, DiagnosisIn]
    milestones: list[MilestoneIn]
    facilitators: list[str] = Field(default_factory=list, description="Internal facilitator roles (no names)")


class AmendmentIn(BaseModel):
    reason: str = ""
    diagnosis: dict[ImprovementDimension, DiagnosisIn] | None = Field(
        default=None, description="Diagnosis entries to rewrite")
    facilitators: list[str] | None = Field(default=None, description="Replaces the facilitator roles")
    milestones: list[MilestoneIn] | None = Field(
        default=None, description="New milestones, or new versions of milestones still planned")


class DecisionIn(BaseModel):
    date: date


class CommentIn(BaseModel):
    comment: str | None = None


class ActionIn(BaseModel):
    action_id: str | None = Field(default=None, description="Chosen by the organisation, else generated")
    year: int
    reason_addressed: DropoutReason
    description: str
    owner_role: str = Field(description="A role, never a person's name")
    due_on: date
    status: Literal["planned", "in_progress", "done", "dropped"] = "planned"


class ActionStatusIn(BaseModel):
    status: Literal["planned", "in_progress", "done", "dropped"]


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


def body(model: type[BaseModel], required: bool = True) -> dict[str, Any]:
    """`openapi_extra` documenting a JSON body that the route reads itself."""
    schema = model.model_json_schema()
    return {"requestBody": {"required": required,
                            "content": {"application/json": {"schema": _inline(schema, schema.get("$defs", {}))}}}}
