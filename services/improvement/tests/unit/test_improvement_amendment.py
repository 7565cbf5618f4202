from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from pacte_contracts.codes import MilestoneStatus, RejectionReason
from pacte_improvement.domain import (
    AmendmentDraft,
    Plan,
    Rejection,
    apply_amendment,
    parse_amendment,
    parse_plan,
    validate_plan,
)

from ._fixtures import small_plan_payload


def _plan() -> Plan:
    draft = parse_plan(small_plan_payload())
    assert not isinstance(draft, Rejection)
    plan = validate_plan(draft, existing_plan_ids=(), existing_milestone_ids=(), lot_holder_org_id="OF-LYON-NUM",
                         order_lot_id="L-69-DIG", caller_org_id="OF-LYON-NUM")
    assert isinstance(plan, Plan)
    return plan


def _amendment(payload: dict) -> AmendmentDraft:  # type: ignore[type-arg]
    draft = parse_amendment(payload)
    assert isinstance(draft, AmendmentDraft)
    return draft


def test_an_amendment_rewrites_planned_milestones_and_adds_new_ones() -> None:
    m1 = small_plan_payload()["milestones"][0]
    m1["target"]["threshold"] = 0.4
    new = {**small_plan_payload()["milestones"][2], "milestone_id": "M-9"}
    amended = apply_amendment(_plan(), _amendment({"milestones": [m1, new], "facilitators": ["référent"],
                                                   "diagnosis": {"pedagogy": {"score": 5, "comment": "ok"}}}),
                              milestone_ids_of_other_plans=())
    assert isinstance(amended, Plan)
    assert [m.milestone_id for m in amended.milestones] == ["M-1", "M-2", "M-3", "M-9"]
    assert amended.milestones[0].target is not None and amended.milestones[0].target.threshold == Decimal("0.4")
    assert amended.facilitators == ("référent",)
    assert [d.score for d in amended.diagnosis if d.dimension.value == "pedagogy"] == [5]
    assert len(amended.diagnosis) == 6


def test_an_amendment_cannot_touch_a_decided_milestone_or_reuse_an_id() -> None:
    plan = _plan()
    decided = replace(plan, milestones=(replace(plan.milestones[0], status=MilestoneStatus.MISSED,
                                                decided_on=date(2019, 10, 31)), *plan.milestones[1:]))
    m1 = small_plan_payload()["milestones"][0]
    result = apply_amendment(decided, _amendment({"milestones": [m1]}), milestone_ids_of_other_plans=())
    assert isinstance(result, Rejection) and result.reason is RejectionReason.INVALID
    new = {**m1, "milestone_id": "M-OTHER"}
    result = apply_amendment(plan, _amendment({"milestones": [new]}), milestone_ids_of_other_plans={"M-OTHER"})
    assert isinstance(result, Rejection)


def test_an_empty_or_malformed_amendment_is_invalid() -> None:
    assert isinstance(parse_amendment({"reason": "rien"}), Rejection)
    assert isinstance(parse_amendment({"milestones": [{"milestone_id": 3}]}), Rejection)
    assert isinstance(parse_amendment({"facilitators": "x"}), Rejection)
