from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pacte_contracts.codes import (
    Comparator,
    ImprovementDimension,
    MilestoneIndicator,
    MilestoneScope,
    MilestoneStatus,
    RejectionReason,
)
from pacte_improvement.domain import Plan, PlanDraft, Rejection, parse_plan, validate_plan

from ._fixtures import small_plan_payload


def _validate(draft: PlanDraft, **overrides: Any) -> Plan | Rejection:
    kwargs: dict[str, Any] = {
        "existing_plan_ids": set(),
        "existing_milestone_ids": set(),
        "lot_holder_org_id": "OF-LYON-NUM",
        "order_lot_id": "L-69-DIG",
        "caller_org_id": "OF-LYON-NUM",
    }
    kwargs.update(overrides)
    return validate_plan(draft, **kwargs)


def _draft(payload: dict[str, Any]) -> PlanDraft:
    draft = parse_plan(payload)
    assert isinstance(draft, PlanDraft), draft
    return draft


def test_small_scenario_plan_is_created() -> None:
    plan = _validate(_draft(small_plan_payload()))
    assert isinstance(plan, Plan)
    assert [m.milestone_id for m in plan.milestones] == ["M-1", "M-2", "M-3"]
    m1, m2, m3 = plan.milestones
    assert m1.target is not None
    assert m2.target is not None
    assert m1.target.indicator is MilestoneIndicator.DROPOUT_RATE
    assert m1.target.scope is MilestoneScope.LOT
    assert m1.target.comparator is Comparator.AT_MOST
    assert m1.target.threshold == Decimal("0.35")
    assert str(m1.target.threshold) == "0.35"
    assert m2.target.threshold == Decimal("4.5")
    assert m3.target is None
    assert all(m.status is MilestoneStatus.PLANNED for m in plan.milestones)
    assert all(m.order_id == "BC-1" and m.plan_id == "PAS-1" for m in plan.milestones)
    assert plan.diagnosis[1].dimension is ImprovementDimension.DROPOUT_PREVENTION
    assert plan.diagnosis[1].score == 2


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p.pop("plan_id"),
        lambda p: p.update(plan_id=12),
        lambda p: p.update(organisation_id=None),
        lambda p: p.pop("order_id"),
        lambda p: p.update(diagnosis=[]),
        lambda p: p["diagnosis"]["pedagogy"].update(score="4"),
        lambda p: p["diagnosis"]["pedagogy"].update(score=4.0),
        lambda p: p["diagnosis"]["pedagogy"].update(score=True),
        lambda p: p["diagnosis"]["pedagogy"].pop("comment"),
        lambda p: p.update(milestones={}),
        lambda p: p["milestones"][0].update(due_on="2019-10-31T00:00"),
        lambda p: p["milestones"][0].update(due_on="31/10/2019"),
        lambda p: p["milestones"][0].update(due_on="2019-02-30"),
        lambda p: p["milestones"][0].update(bonus_cents=1500.0),
        lambda p: p["milestones"][0].update(bonus_cents="1500"),
        lambda p: p["milestones"][0].pop("target"),
        lambda p: p["milestones"][0].update(target="dropout_rate"),
        lambda p: p["milestones"][0]["target"].update(min_sample=3.5),
        lambda p: p["milestones"][0]["target"].pop("threshold"),
        lambda p: p["milestones"][0]["target"].update(indicator=1),
        lambda p: p["milestones"].append("M-4"),
    ],
)
def test_parse_plan_structural_invalid(mutate: Any) -> None:
    payload = small_plan_payload()
    mutate(payload)
    result = parse_plan(payload)
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.INVALID


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p["milestones"][0]["target"].update(indicator="employment_rate"),
        lambda p: p["milestones"][0]["target"].update(scope="territory"),
        lambda p: p["milestones"][0]["target"].update(comparator="<"),
        lambda p: p["milestones"][0]["target"].update(threshold="0.35"),
        lambda p: p["milestones"][0]["target"].update(threshold=True),
        lambda p: p["milestones"][0]["target"].update(threshold=None),
        lambda p: p["milestones"][0]["target"].update(threshold=float("nan")),
        lambda p: p["milestones"][0]["target"].update(min_sample=-1),
        lambda p: p["milestones"][0].update(dimension="marketing"),
        lambda p: p["milestones"][0].update(bonus_cents=-1),
        lambda p: p["milestones"][1].update(milestone_id="M-1"),
        lambda p: p["diagnosis"]["pedagogy"].update(score=0),
        lambda p: p["diagnosis"]["pedagogy"].update(score=6),
        lambda p: p["diagnosis"].update(marketing={"score": 3, "comment": ""}),
    ],
)
def test_validate_plan_bad_values(mutate: Any) -> None:
    payload = small_plan_payload()
    mutate(payload)
    result = _validate(_draft(payload))
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.INVALID


@pytest.mark.parametrize(
    "overrides",
    [
        {"existing_plan_ids": {"PAS-1"}},
        {"existing_milestone_ids": {"M-2"}},
        {"lot_holder_org_id": None},
        {"order_lot_id": None},
        {"order_lot_id": "L-63-ESS"},
        {"lot_holder_org_id": "OF-AUV-ESS"},
        {"existing_plan_keys": {("OF-LYON-NUM", "L-69-DIG")}},
    ],
)
def test_validate_plan_bad_references(overrides: dict[str, Any]) -> None:
    result = _validate(_draft(small_plan_payload()), **overrides)
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.INVALID


def test_integer_threshold_and_zero_bonus_are_accepted() -> None:
    payload = small_plan_payload()
    payload["milestones"][1]["target"]["threshold"] = 4
    payload["milestones"][1]["bonus_cents"] = 0
    payload["milestones"][1]["target"]["min_sample"] = 0
    plan = _validate(_draft(payload))
    assert isinstance(plan, Plan)
    target = plan.milestones[1].target
    assert target is not None
    assert target.threshold == Decimal(4)


def test_foreign_organisation_is_forbidden_before_value_checks() -> None:
    payload = small_plan_payload()
    payload["milestones"][0]["target"]["indicator"] = "nope"
    result = _validate(_draft(payload), caller_org_id="OF-AUV-ESS", existing_plan_ids={"PAS-1"})
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.FORBIDDEN


def test_structural_invalid_wins_over_forbidden() -> None:
    payload = small_plan_payload()
    payload["milestones"][0]["due_on"] = "tomorrow"
    assert isinstance(parse_plan(payload), Rejection)


def test_facilitators_are_optional_role_strings() -> None:
    payload = small_plan_payload()
    payload["facilitators"] = ["référent qualité", "coordinatrice pédagogique"]
    plan = _validate(_draft(payload))
    assert isinstance(plan, Plan)
    assert plan.facilitators == ("référent qualité", "coordinatrice pédagogique")
    payload["facilitators"] = [1]
    assert isinstance(parse_plan(payload), Rejection)
