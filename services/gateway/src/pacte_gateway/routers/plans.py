"""Service-improvement plans: the list, a plan with its milestones' progress and its dropout action plan,
validating or waiving a milestone, and the steering committee's export of the year's action plans."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.forms import safe_next, text

router = APIRouter()


def plan_year(plan: dict[str, Any]) -> int:
    """The year of the plan's first milestone: the dropout action plan shown by default."""
    dues = sorted(m["due_on"] for m in plan.get("milestones", []) if m.get("due_on"))
    return int(dues[0][:4]) if dues else date.today().year


@router.get("/plans", response_class=HTMLResponse)
async def plans_page(calls: Calls, pages: Pages) -> Response:
    plans = await calls.read("improvement", "/plans")
    return pages.render("plans.html", {"title": "Plans d'amélioration", "plans": plans, "year": date.today().year})


@router.get("/plans/export")
async def export_dropout_action_plans(calls: Calls, annee: int, format: str = "csv") -> Response:
    fmt = "json" if format == "json" else "csv"
    answer = await calls.download("improvement", "/dropout-action-plans/export", year=annee, format=fmt)
    return Response(answer.content, media_type=answer.headers.get("content-type", "text/csv"),
                    headers={"Content-Disposition": f'attachment; filename="plans-action-abandons-{annee}.{fmt}"'})


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
async def plan_page(plan_id: str, calls: Calls, pages: Pages, annee: int | None = None) -> Response:
    plan, progress = await asyncio.gather(calls.read("improvement", f"/plans/{quote(plan_id)}"),
                                          calls.read_optional("improvement", f"/plans/{quote(plan_id)}/progress"))
    progress = progress or {"milestones": [], "snapshot": None}
    year = annee or plan_year(plan)
    dropout = await calls.read_optional("improvement", f"/plans/{quote(plan_id)}/dropout-action-plans/{year}")
    by_id = {m["milestone_id"]: m for m in progress.get("milestones", [])}
    return pages.render("plan.html", {"title": f"Plan {plan_id}", "plan": plan, "progress": progress,
                                      "by_id": by_id, "dropout": dropout, "year": year})


async def decide_milestone(milestone_id: str, verb: str, done_text: str, command: Command) -> Response:
    return await command.send("improvement", f"/milestones/{quote(milestone_id)}/{verb}",
                              {"date": text(command.form, "date")},
                              done=safe_next(str(command.form.get("retour") or "/plans")),
                              success=f"Jalon {milestone_id} {done_text}.")


@router.post("/jalons/{milestone_id}/validation")
async def validate_milestone(milestone_id: str, command: Command) -> Response:
    return await decide_milestone(milestone_id, "validate", "validé", command)


@router.post("/jalons/{milestone_id}/levee")
async def waive_milestone(milestone_id: str, command: Command) -> Response:
    return await decide_milestone(milestone_id, "waive", "levé", command)
