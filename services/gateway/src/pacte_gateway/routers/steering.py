"""Steering: the programme's key indicators, the pact's trajectory against its targets, the budget by axis
against the pact's targets, the dropout analysis, pathways from Essentials and early dropout warnings (counts,
never who), each axis's figures; charts beside their data tables."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_contracts.rules import rate, rate_string
from pacte_gateway import charts, labels, pathways
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
        bars.append({"axis": axis, **figures, "gap": gap})
    return bars


def trajectory_scopes() -> list[tuple[str, str]]:
    """What the trajectory can be read for: the programme, each axis, each territory."""
    return [("programme", "Programme"), *((f"axis:{a}", labels.AXES[a]) for a in AXES),
            *((f"territory:{code}", name) for code, name in labels.TERRITORIES.items())]


@router.get("/pilotage", response_class=HTMLResponse)
async def steering_page(calls: Calls, pages: Pages, perimetre: str = "programme", au: str = "") -> Response:
    scopes = trajectory_scopes()
    scope = perimetre if perimetre in dict(scopes) else "programme"
    as_of, as_of_error = pathways.reading_day(au)
    programme, budget, every, trajectory, dropouts, pathway_readings, warnings = await asyncio.gather(
        calls.read_optional("indicators", "/indicators/programme"), calls.read("indicators", "/budget"),
        calls.read("indicators", "/indicators"), calls.read("indicators", "/trajectory", scope=scope),
        calls.read("indicators", "/dropouts", scope=scope),
        calls.read("indicators", "/pathways", **({"as_of": as_of} if as_of else {})),
        calls.read("attendance", "/back-office/warnings"))
    axes = {scope.split(":", 1)[1]: values for scope, values in every.items() if scope.startswith("axis:")}
    return pages.render("steering.html", {
        "title": "Pilotage du programme", "programme": programme or {"indicators": {}},  # nothing recorded yet
        "budget": budget, "axes": axes, "budget_bars": budget_bars(budget), "KEY_INDICATORS": KEY_INDICATORS,
        "scope": scope, "scope_label": dict(scopes)[scope], "scopes": scopes, "trajectory": trajectory,
        "total_rate": rate_string(rate(trajectory["totals"]["entries"], trajectory["totals"]["paths_target"] or 0)),
        "dropouts": dropouts, "trajectory_chart": charts.trajectory_chart(trajectory),
        "budget_chart": charts.budget_chart(budget),
        "dropouts_chart": charts.dropout_reasons_chart(dropouts["by_reason"]),
        "as_of": as_of, "as_of_error": as_of_error, "pathways_read_on": pathways.read_on(pathway_readings),
        "pathway_rows": pathways.pathway_rows(pathway_readings),
        "pathways_of_scope": pathway_readings.get(scope),
        "warnings": warnings, "warning_totals": pathways.warning_totals(warnings)})
