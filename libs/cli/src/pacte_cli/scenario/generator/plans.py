"""The holders' service-improvement plans: a diagnosis and milestones on indicators or by hand."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from pacte_cli.scenario.generator.calendar import Calendar
from pacte_cli.scenario.generator.skeleton import Lot
from pacte_contracts.codes import ActionType, ImprovementDimension, MilestoneIndicator

_MANUAL_MILESTONES = (
    ("employer_links", "Charte de partenariat signée avec 5 entreprises du territoire"),
    ("continuity", "Convention de chaînage des parcours avec la Mission Locale"),
    ("pedagogy", "Mise en place de périodes en situation de travail pour chaque stagiaire"),
    ("trainee_support", "Référent de parcours nommé et entretiens individuels mensuels"),
)
#: Indicator → (dimension, comparator, low, high) of its threshold.
_TARGETS: dict[str, tuple[str, str, float, float]] = {
    MilestoneIndicator.DROPOUT_RATE: ("dropout_prevention", "<=", 0.18, 0.32),
    MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE: ("dropout_prevention", "<=", 0.12, 0.25),
    MilestoneIndicator.FILL_RATE: ("trainee_support", ">=", 0.60, 0.85),
    MilestoneIndicator.CERTIFICATION_RATE: ("pedagogy", ">=", 0.45, 0.70),
    MilestoneIndicator.RETURN_TO_WORK_6M_RATE: ("employer_links", ">=", 0.40, 0.60),
    MilestoneIndicator.DURABLE_EMPLOYMENT_6M_RATE: ("employer_links", ">=", 0.20, 0.35),
    MilestoneIndicator.SATISFACTION_AVG: ("satisfaction", ">=", 3.8, 4.5),
    MilestoneIndicator.SATISFACTION_RESPONSE_RATE: ("satisfaction", ">=", 0.50, 0.75),
}
_TARGET_TEXT: dict[str, str] = {
    MilestoneIndicator.DROPOUT_RATE: "Taux d'abandon au plus de {v}",
    MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE: "Taux d'abandon hors retour à l'emploi au plus de {v}",
    MilestoneIndicator.FILL_RATE: "Taux de places pourvues d'au moins {v}",
    MilestoneIndicator.CERTIFICATION_RATE: "Taux de certification d'au moins {v}",
    MilestoneIndicator.RETURN_TO_WORK_6M_RATE: "Retour à l'emploi à 6 mois d'au moins {v}",
    MilestoneIndicator.DURABLE_EMPLOYMENT_6M_RATE: "Emploi durable à 6 mois d'au moins {v}",
    MilestoneIndicator.SATISFACTION_AVG: "Satisfaction moyenne d'au moins {v}",
    MilestoneIndicator.SATISFACTION_RESPONSE_RATE: "Taux de réponse à l'enquête de satisfaction d'au moins {v}",
}


def plan(rng: random.Random, lot: Lot, cal: Calendar) -> tuple[dict[str, Any], tuple[str, date] | None]:
    """The lot holder's `plan.create`, and its manual milestone (id, due date) if it has one."""
    diagnosis = {dim.value: {"score": rng.randint(1, 5), "comment": ""} for dim in ImprovementDimension}
    indicators = [i.value for i in MilestoneIndicator]
    if lot.action_type != ActionType.CERTIFYING:
        indicators.remove(MilestoneIndicator.CERTIFICATION_RATE.value)
    first_due = min(2, cal.months - 1)
    milestones = [_on_indicator(rng, lot, cal, k, indicator, first_due)
                  for k, indicator in enumerate(rng.sample(indicators, rng.choice((2, 3, 3))))]
    manual: tuple[str, date] | None = None
    if rng.random() < 0.4:
        dimension, description = rng.choice(_MANUAL_MILESTONES)
        due = cal.month_end(rng.randint(first_due, cal.months - 1))
        milestone_id = f"M-{lot.index:03d}-m"
        milestones.append({
            "milestone_id": milestone_id, "dimension": dimension, "description": description,
            "due_on": due.isoformat(), "bonus_cents": rng.choice((20_000, 40_000, 80_000)), "target": None,
        })
        manual = (milestone_id, due)
    command = {"cmd": "plan.create", "plan_id": f"PAS-{lot.index:03d}", "organisation_id": lot.holder,
               "lot_id": lot.lot_id, "order_id": lot.order_id, "diagnosis": diagnosis, "milestones": milestones}
    return command, manual


def _on_indicator(rng: random.Random, lot: Lot, cal: Calendar, k: int, indicator: str, first_due: int
                  ) -> dict[str, Any]:
    places = sum(s.capacity for s in lot.sessions)
    entries = places * 0.78
    dimension, comparator, low, high = _TARGETS[indicator]
    threshold = round(rng.uniform(low, high), 2)
    denominator = {
        MilestoneIndicator.FILL_RATE: places,
        MilestoneIndicator.DROPOUT_RATE: entries,
        MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE: entries,
        MilestoneIndicator.RETURN_TO_WORK_6M_RATE: entries * 0.2,
        MilestoneIndicator.DURABLE_EMPLOYMENT_6M_RATE: entries * 0.2,
    }.get(MilestoneIndicator(indicator), entries * 0.35)
    scope = "lot" if rng.random() < 0.7 else "organisation"
    due = cal.month_end(rng.randint(first_due, cal.months - 1))
    shown = threshold if indicator == MilestoneIndicator.SATISFACTION_AVG else f"{round(threshold * 100)} %"
    return {
        "milestone_id": f"M-{lot.index:03d}-{k}",
        "dimension": dimension,
        "description": _TARGET_TEXT[indicator].format(v=shown),
        "due_on": due.isoformat(),
        "bonus_cents": rng.choice((0, 30_000, 50_000, 50_000, 100_000, 150_000)),
        "target": {"indicator": indicator, "scope": scope, "comparator": comparator, "threshold": threshold,
                   "min_sample": max(3, int(denominator * rng.uniform(0.3, 0.6)))},
    }
