"""Shared payloads: the small scenario's plan.create (line 21)."""

from __future__ import annotations

import copy
from typing import Any

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
