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
from pacte_contracts.refusals import Rejection, parse
from pacte_improvement.domain import CreatePlan, Plan

from ._fixtures import create_command, decide, small_plan_payload


def test_small_scenario_plan_is_created() -> None:
    plan = decide(create_command())
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


def test_the_scenario_line_is_the_command_and_other_fields_are_ignored() -> None:
    command = create_command()  # the line carries "cmd": ignored, like any other extra field
    assert command.NAME == "plan.create"
    assert command.milestones[0].target is not None
    assert command.milestones[0].target.threshold == Decimal("0.35")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p.pop("plan_id"),
        lambda p: p.update(plan_id=12),
        lambda p: p.update(plan_id=""),
        lambda p: p.update(plan_id="   "),
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
        # IMPROVEMENT.md: "a non-numeric threshold"; SCENARIO.md: a string where a number is due is malformed.
        lambda p: p["milestones"][0]["target"].update(threshold="0.35"),
        lambda p: p["milestones"][0]["target"].update(threshold=True),
        lambda p: p["milestones"][0]["target"].update(threshold=None),
        lambda p: p["milestones"][0]["target"].update(threshold=float("nan")),
        lambda p: p["milestones"][0]["target"].update(threshold=float("inf")),
        lambda p: p["milestones"].append("M-4"),
        lambda p: p.update(facilitators=[1]),
    ],
)
def test_malformed_plan_is_invalid_at_stage_1(mutate: Any) -> None:
    payload = small_plan_payload()
    mutate(payload)
    result = parse(CreatePlan, payload)
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.INVALID
    assert result.errors  # the faulty field is named


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p["milestones"][0]["target"].update(indicator="employment_rate"),
        lambda p: p["milestones"][0]["target"].update(scope="territory"),
        lambda p: p["milestones"][0]["target"].update(comparator="<"),
        lambda p: p["milestones"][0]["target"].update(min_sample=-1),
        lambda p: p["milestones"][0].update(dimension="marketing"),
        lambda p: p["milestones"][0].update(bonus_cents=-1),
        lambda p: p["milestones"][1].update(milestone_id="M-1"),
        lambda p: p["diagnosis"]["pedagogy"].update(score=0),
        lambda p: p["diagnosis"]["pedagogy"].update(score=6),
        lambda p: p["diagnosis"].update(marketing={"score": 3, "comment": ""}),
    ],
)
def test_bad_values_are_invalid_at_stage_3(mutate: Any) -> None:
    payload = small_plan_payload()
    mutate(payload)
    result = decide(create_command(payload))
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.INVALID


@pytest.mark.parametrize(
    "facts",
    [
        {"plan_exists": True},
        {"taken_milestone_ids": {"M-2"}},
        {"lot_holder": None},
        {"order_lot": None},
        {"order_lot": "L-63-ESS"},
        {"lot_holder": "OF-AUV-ESS"},
        {"lot_has_plan": True},
    ],
)
def test_bad_references_are_invalid(facts: dict[str, Any]) -> None:
    result = decide(create_command(), **facts)
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.INVALID


def test_integer_threshold_and_zero_bonus_are_accepted() -> None:
    payload = small_plan_payload()
    payload["milestones"][1]["target"]["threshold"] = 4
    payload["milestones"][1]["bonus_cents"] = 0
    payload["milestones"][1]["target"]["min_sample"] = 0
    plan = decide(create_command(payload))
    assert isinstance(plan, Plan)
    target = plan.milestones[1].target
    assert target is not None
    assert target.threshold == Decimal(4)


def test_a_float_threshold_is_kept_as_written() -> None:
    payload = small_plan_payload()
    payload["milestones"][0]["target"]["threshold"] = 0.1
    command = create_command(payload)
    target = command.milestones[0].target
    assert target is not None
    assert target.threshold == Decimal("0.1")  # not the float's binary expansion
    assert command.model_dump(mode="json")["milestones"][0]["target"]["threshold"] == 0.1


def test_dropout_excl_employment_rate_is_a_milestone_target() -> None:
    payload = small_plan_payload()
    payload["milestones"][0]["target"]["indicator"] = "dropout_excl_employment_rate"
    plan = decide(create_command(payload))
    assert isinstance(plan, Plan)
    target = plan.milestones[0].target
    assert target is not None
    assert target.indicator is MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE


# --- refusal order (SCENARIO.md): malformed, then forbidden, then values and references --------------


def test_malformed_wins_over_forbidden() -> None:
    payload = small_plan_payload()
    payload["organisation_id"] = "OF-AUV-ESS"
    payload["milestones"][0]["due_on"] = "tomorrow"
    assert isinstance(parse(CreatePlan, payload), Rejection)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p["milestones"][0]["target"].update(indicator="nope"),
        lambda p: p["milestones"][0]["target"].update(comparator="<"),
        lambda p: p["milestones"][0].update(bonus_cents=-1),
        lambda p: p["diagnosis"]["pedagogy"].update(score=9),
        lambda p: p.update(lot_id="L-UNKNOWN"),
    ],
)
def test_forbidden_wins_over_bad_values_and_references(mutate: Any) -> None:
    payload = small_plan_payload()
    mutate(payload)
    result = decide(create_command(payload), organisation_id="OF-AUV-ESS", plan_exists=True, lot_holder=None,
                    taken_milestone_ids={"M-1"})
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.FORBIDDEN


def test_references_are_checked_before_values() -> None:
    payload = small_plan_payload()
    payload["milestones"][0]["target"]["indicator"] = "nope"
    result = decide(create_command(payload), plan_exists=True)
    assert isinstance(result, Rejection)
    assert result.detail == "plan id 'PAS-1' cannot be used: choose another"  # whose it is goes unsaid


def test_facilitators_are_optional_role_strings() -> None:
    payload = small_plan_payload()
    payload["facilitators"] = ["référent qualité", "coordinatrice pédagogique"]
    plan = decide(create_command(payload))
    assert isinstance(plan, Plan)
    assert plan.facilitators == ("référent qualité", "coordinatrice pédagogique")
    payload["facilitators"] = None
    plan = decide(create_command(payload))
    assert isinstance(plan, Plan)
    assert plan.facilitators == ()
