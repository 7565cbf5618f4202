from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pacte_contracts.codes import MilestoneStatus, RejectionReason
from pacte_contracts.refusals import Rejection, parse
from pacte_improvement.domain import (
    AcceptAmendment,
    Plan,
    Proposal,
    ProposeAmendment,
    RejectAmendment,
    apply_amendment,
    decide_acceptance,
    decide_proposal,
    decide_rejection,
)

from ._fixtures import small_plan, small_plan_payload

OWNER, OTHER = "OF-LYON-NUM", "OF-AUV-ESS"


def _amendment(payload: dict[str, Any]) -> ProposeAmendment:
    change = parse(ProposeAmendment, {**payload, "plan_id": "PAS-1"})
    assert isinstance(change, ProposeAmendment), change
    return change


def _propose(payload: dict[str, Any], organisation_id: str = OWNER, plan: Plan | None = None,
             others: frozenset[str] = frozenset()) -> Plan | Rejection:
    return decide_proposal(small_plan() if plan is None else plan, _amendment(payload),
                           organisation_id=organisation_id, milestone_ids_of_other_plans=others)


def test_an_amendment_rewrites_planned_milestones_and_adds_new_ones() -> None:
    m1 = small_plan_payload()["milestones"][0]
    m1["target"]["threshold"] = 0.4
    new = {**small_plan_payload()["milestones"][2], "milestone_id": "M-9"}
    amended = apply_amendment(small_plan(), _amendment({"milestones": [m1, new], "facilitators": ["référent"],
                                                        "diagnosis": {"pedagogy": {"score": 5, "comment": "ok"}}}),
                              milestone_ids_of_other_plans=())
    assert isinstance(amended, Plan)
    assert [m.milestone_id for m in amended.milestones] == ["M-1", "M-2", "M-3", "M-9"]
    assert amended.milestones[0].target is not None and amended.milestones[0].target.threshold == Decimal("0.4")
    assert amended.facilitators == ("référent",)
    assert [d.score for d in amended.diagnosis if d.dimension.value == "pedagogy"] == [5]
    assert len(amended.diagnosis) == 6


def test_an_amendment_cannot_touch_a_decided_milestone_or_reuse_an_id() -> None:
    plan = small_plan()
    decided = replace(plan, milestones=(replace(plan.milestones[0], status=MilestoneStatus.MISSED,
                                                decided_on=date(2019, 10, 31)), *plan.milestones[1:]))
    m1 = small_plan_payload()["milestones"][0]
    result = apply_amendment(decided, _amendment({"milestones": [m1]}), milestone_ids_of_other_plans=())
    assert isinstance(result, Rejection) and result.reason is RejectionReason.INVALID
    new = {**m1, "milestone_id": "M-OTHER"}
    result = apply_amendment(plan, _amendment({"milestones": [new]}), milestone_ids_of_other_plans={"M-OTHER"})
    assert isinstance(result, Rejection) and result.reason is RejectionReason.INVALID
    result = apply_amendment(plan, _amendment({"milestones": [new, new]}), milestone_ids_of_other_plans=())
    assert isinstance(result, Rejection) and "twice" in result.detail


@pytest.mark.parametrize("payload", [
    {"milestones": [{"milestone_id": 3}]},
    {"facilitators": "x"},
    {"reason": 3, "facilitators": []},
    {"diagnosis": {"pedagogy": {"score": "5", "comment": ""}}},
    {"milestones": [{**small_plan_payload()["milestones"][0], "due_on": "demain"}]},
])
def test_a_malformed_amendment_is_invalid_at_stage_1(payload: dict[str, Any]) -> None:
    result = parse(ProposeAmendment, {**payload, "plan_id": "PAS-1"})
    assert isinstance(result, Rejection) and result.reason is RejectionReason.INVALID


def test_an_empty_amendment_is_invalid() -> None:
    for payload in ({"reason": "rien"}, {"milestones": [], "diagnosis": {}}):
        result = _propose(payload)
        assert isinstance(result, Rejection) and result.detail == "an amendment must change something"


# --- refusal order (SCENARIO.md): malformed, then forbidden, then values -----------------------------


@pytest.mark.parametrize("payload", [
    {"reason": "rien"},
    {"milestones": [{**small_plan_payload()["milestones"][0], "bonus_cents": -5}]},
    {"milestones": [{**small_plan_payload()["milestones"][0],
                     "target": {**small_plan_payload()["milestones"][0]["target"], "indicator": "nope"}}]},
    {"diagnosis": {"marketing": {"score": 3, "comment": ""}}},
    {"diagnosis": {"pedagogy": {"score": 0, "comment": ""}}},
    {"milestones": [{**small_plan_payload()["milestones"][2], "milestone_id": "M-OTHER"}]},
])
def test_another_organisations_plan_is_forbidden_before_any_value_is_checked(payload: dict[str, Any]) -> None:
    taken = frozenset({"M-OTHER"})
    owner = _propose(payload, others=taken)
    assert isinstance(owner, Rejection) and owner.reason is RejectionReason.INVALID
    result = _propose(payload, organisation_id=OTHER, others=taken)
    assert isinstance(result, Rejection) and result.reason is RejectionReason.FORBIDDEN


def test_an_unknown_plan_is_invalid() -> None:
    result = decide_proposal(None, _amendment({"facilitators": []}), organisation_id=OWNER,
                             milestone_ids_of_other_plans=())
    assert isinstance(result, Rejection) and result.reason is RejectionReason.INVALID


# --- the buyer's decision --------------------------------------------------------------------------------


def _proposal(payload: dict[str, Any], status: str = "proposed") -> Proposal:
    return Proposal("PAS-1", 1, status, _amendment(payload))


def test_accepting_checks_the_amendment_again_against_the_plan_as_it_is() -> None:
    accept = AcceptAmendment(plan_id="PAS-1", number=1)
    m1 = small_plan_payload()["milestones"][0]
    amended = decide_acceptance(small_plan(), _proposal({"milestones": [m1]}), accept,
                                milestone_ids_of_other_plans=())
    assert isinstance(amended, Plan)
    plan = small_plan()
    decided = replace(plan, milestones=(replace(plan.milestones[0], status=MilestoneStatus.ACHIEVED,
                                                decided_on=date(2019, 9, 30)), *plan.milestones[1:]))
    result = decide_acceptance(decided, _proposal({"milestones": [m1]}), accept, milestone_ids_of_other_plans=())
    assert isinstance(result, Rejection) and "already achieved" in result.detail


@pytest.mark.parametrize(("plan", "proposal", "detail"), [
    (None, _proposal({"facilitators": []}), "unknown plan"),
    (small_plan(), None, "unknown amendment"),
    (small_plan(), _proposal({"facilitators": []}, "accepted"), "already accepted"),
    (small_plan(), _proposal({"facilitators": []}, "rejected"), "already rejected"),
])
def test_only_a_proposed_amendment_of_a_known_plan_is_decided(plan: Plan | None, proposal: Proposal | None,
                                                              detail: str) -> None:
    accepted = decide_acceptance(plan, proposal, AcceptAmendment(plan_id="PAS-1", number=1),
                                 milestone_ids_of_other_plans=())
    rejected = decide_rejection(plan, proposal, RejectAmendment(plan_id="PAS-1", number=1))
    for result in (accepted, rejected):
        assert isinstance(result, Rejection) and result.reason is RejectionReason.INVALID
        assert detail in result.detail


def test_rejecting_a_proposed_amendment() -> None:
    rejected = decide_rejection(small_plan(), _proposal({"facilitators": []}),
                                RejectAmendment(plan_id="PAS-1", number=1, comment="hors périmètre"))
    assert isinstance(rejected, Proposal) and rejected.status == "rejected"


def test_a_proposal_is_kept_as_its_changes_and_read_back_identical() -> None:
    m1 = small_plan_payload()["milestones"][0]
    change = _amendment({"reason": "cible", "milestones": [m1, small_plan_payload()["milestones"][2]]})
    changes = change.changes()
    assert "plan_id" not in changes and "facilitators" not in changes
    assert changes["milestones"][0]["target"]["threshold"] == 0.35
    assert changes["milestones"][1]["target"] is None
    assert ProposeAmendment.model_validate({**changes, "plan_id": "PAS-1"}) == change
