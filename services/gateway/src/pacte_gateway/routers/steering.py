"""Steering: the programme's key indicators, each axis's, and the budget by axis against the pact's targets."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Pages

router = APIRouter()

#: Key figures of the steering page, in display order, with their format (`formatting.display`).
KEY_INDICATORS = (
    ("entries", "number"), ("places_offered", "number"), ("fill_rate", "percent"), ("dropout_rate", "percent"),
    ("dropout_excl_employment_rate", "percent"),
    ("certification_rate", "percent"), ("return_to_work_6m_rate", "percent"),
    ("durable_employment_6m_rate", "percent"), ("satisfaction_avg", "score"),
    ("priority_public_share", "percent"), ("committed_cents", "euros"), ("invoiced_cents", "euros"),
    ("paid_cents", "euros"), ("cost_per_entry_cents", "euros"),
)
AXES = ("qualifying", "essentials", "transverse")


def budget_bars(budget: dict[str, Any]) -> list[dict[str, Any]]:
    """Each axis's committed share against its target, as bar widths in percent and the gap."""
    bars = []
    for axis in AXES:
        figures = budget.get(axis, {})
        share, target = figures.get("share"), figures.get("target")
        gap = None
        if share is not None and target is not None:
            gap = str(Decimal(str(share)) - Decimal(str(target)))
        bars.append({"axis": axis, **figures, "gap": gap,
                     "share_pct": min(100, round(float(share) * 100)) if share is not None else 0,
                     "target_pct": round(float(target) * 100) if target is not None else 0})
    return bars


@router.get("/pilotage", response_class=HTMLResponse)
async def steering_page(calls: Calls, pages: Pages) -> Response:
    programme, budget, every = await asyncio.gather(calls.read_optional("indicators", "/indicators/programme"),
                                                    calls.read("indicators", "/budget"),
                                                    calls.read("indicators", "/indicators"))
    axes = {scope.split(":", 1)[1]: values for scope, values in every.items() if scope.startswith("axis:")}
    return pages.render("steering.html", {
        "title": "Pilotage du programme", "programme": programme or {"indicators": {}},  # nothing recorded yet
        "budget": budget, "axes": axes, "budget_bars": budget_bars(budget), "KEY_INDICATORS": KEY_INDICATORS})
