"""Shared payloads and builders: the small scenario's plan.create (line 21)."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from pacte_contracts.refusals import Rejection, parse
from pacte_improvement.domain import CreatePlan, MilestoneDecision, Plan, decide_create_plan

_SMALL_PLAN: dict[str, Any] = {
    "cmd": "plan.create",
    "plan_id": "PAS-1",
    "organisation_id": "OF-LYON-NUM",
    "lot_id": "L-69-DIG",
    "order_id": "BC-1",
    "diagnosis": {
        "trainee_support": {"score": 3, "comment": "coaching informel"},
        "dropout_prevention": {"score": 2, "comment": "pas de suivi des motifs"},
        "pedagogy": {"score": 4, "comment": ""},
        "employer_links": {"score": 3, "comment": ""},
        "continuity": {"score": 2, "comment": ""},
        "satisfaction": {"score": 3, "comment": ""},
    },
    "milestones": [
        {
            "milestone_id": "M-1",
            "dimension": "dropout_prevention",
            "description": "Taux d'abandon du lot inférieur à 35 %",
            "due_on": "2019-10-31",
            "bonus_cents": 150000,
            "target": {
                "indicator": "dropout_rate",
                "scope": "lot",
                "comparator": "<=",
                "threshold": 0.35,
                "min_sample": 3,
            },
        },
        {
            "milestone_id": "M-2",
            "dimension": "satisfaction",
            "description": "Satisfaction moyenne d'au moins 4,5",
            "due_on": "2019-09-30",
            "bonus_cents": 50000,
            "target": {
                "indicator": "satisfaction_avg",
                "scope": "lot",
                "comparator": ">=",
                "threshold": 4.5,
                "min_sample": 2,
            },
        },
        {
            "milestone_id": "M-3",
            "dimension": "employer_links",
            "description": "Charte de partenariat signée avec 5 entreprises",
            "due_on": "2019-12-31",
            "bonus_cents": 80000,
            "target": None,
        },
    ],
}


def small_plan_payload() -> dict[str, Any]:
    return copy.deepcopy(_SMALL_PLAN)


def create_command(payload: dict[str, Any] | None = None) -> CreatePlan:
    command = parse(CreatePlan, small_plan_payload() if payload is None else payload)
    assert isinstance(command, CreatePlan), command
    return command


#: What the service layer loads for the small scenario's plan.create when nothing stands in its way.
FACTS: dict[str, Any] = {"organisation_id": "OF-LYON-NUM", "plan_exists": False, "lot_has_plan": False,
                         "taken_milestone_ids": (), "lot_holder": "OF-LYON-NUM", "order_lot": "L-69-DIG"}


def decide(command: CreatePlan, **facts: Any) -> Plan | Rejection:
    return decide_create_plan(command, **{**FACTS, **facts})


def small_plan() -> Plan:
    plan = decide(create_command())
    assert isinstance(plan, Plan), plan
    return plan


def apply_decisions(plan: Plan, decisions: list[MilestoneDecision]) -> Plan:
    """The plan as the service stores it after a closing's decisions."""
    by_id = {d.milestone_id: d for d in decisions}
    return replace(plan, milestones=tuple(
        replace(m, status=by_id[m.milestone_id].status, decided_on=by_id[m.milestone_id].decided_on)
        if m.milestone_id in by_id else m for m in plan.milestones))
