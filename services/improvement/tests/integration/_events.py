"""Contract events and payloads the integration tests feed the service with."""

from __future__ import annotations

from typing import Any

from pacte_contracts.indicators import IndicatorReading, IndicatorsSnapshotTaken
from pacte_contracts.procurement import LotAwarded, OrderPlaced


def lot_awarded(lot_id: str, holder: str) -> LotAwarded:
    return LotAwarded(lot_id=lot_id, tender_id="T-1", holder_organisation_id=holder, members=[holder])


def order_placed(order_id: str, lot_id: str, holder: str) -> OrderPlaced:
    return OrderPlaced(lot_id=lot_id, tender_id="T-1", axis="qualifying", territory="69", domain="digital",
                       action_type="certifying", billing_unit="opening_day", unit_price_cents=95000,
                       return_to_work_bonus_cents=0, order_id=order_id, holder_organisation_id=holder,
                       amount_cents=10_000_000)


def snapshot(period: str, as_of: str, scopes: dict[str, dict[str, tuple[str | None, int]]]) -> IndicatorsSnapshotTaken:
    return IndicatorsSnapshotTaken(period=period, as_of=as_of, scopes={
        scope: {name: IndicatorReading(value=v, denominator=d) for name, (v, d) in readings.items()}
        for scope, readings in scopes.items()
    })


def target(indicator: str, scope: str, comparator: str, threshold: float, min_sample: int) -> dict[str, Any]:
    return {"indicator": indicator, "scope": scope, "comparator": comparator, "threshold": threshold,
            "min_sample": min_sample}


def milestone(milestone_id: str, due_on: str, bonus_cents: int, tgt: dict[str, Any] | None,
              dimension: str = "dropout_prevention") -> dict[str, Any]:
    return {"milestone_id": milestone_id, "dimension": dimension, "description": f"Jalon {milestone_id}",
            "due_on": due_on, "bonus_cents": bonus_cents, "target": tgt}


def plan_payload(plan_id: str, organisation_id: str, lot_id: str, order_id: str,
                 milestones: list[dict[str, Any]]) -> dict[str, Any]:
    dimensions = ["trainee_support", "dropout_prevention", "pedagogy", "employer_links", "continuity",
                  "satisfaction"]
    return {"plan_id": plan_id, "organisation_id": organisation_id, "lot_id": lot_id, "order_id": order_id,
            "diagnosis": {d: {"score": 3, "comment": "à consolider"} for d in dimensions},
            "facilitators": ["référent qualité", "coordinateur pédagogique"],
            "milestones": milestones}
