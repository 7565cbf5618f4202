"""Back-office: dropout action plans, and their export for the market's annual steering committee."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import Response

from pacte_contracts.types import Id, YearParam
from pacte_improvement.service_layer import dropout_queries

from .dependencies import ERRORS, Handlers, Reader, found, read

TAG = "back-office"
router = APIRouter(tags=[TAG])
PlanId = Annotated[Id, PathParam(description="Plan id")]


@router.get("/plans/{plan_id}/dropout-action-plans/{year}",
            summary="The year's dropout profile and actions, with earlier actions still open", responses=ERRORS)
async def action_plan(plan_id: PlanId, year: YearParam, _: Reader, ctx: Handlers,
                      scope: Literal["organisation", "lot"] = "organisation") -> dict[str, Any]:
    return found(await read(ctx, lambda conn: dropout_queries.dropout_action_plan(conn, plan_id, year, scope=scope)),
                 "plan")


@router.get("/dropout-action-plans/export",
            summary="The year's actions of every plan, for the annual steering committee (CSV or JSON)",
            responses={200: {"content": {"text/csv": {}, "application/json": {}}}, **ERRORS})
async def export(year: YearParam, _: Reader, ctx: Handlers,
                 fmt: Annotated[Literal["csv", "json"], Query(alias="format")] = "csv") -> Response:
    text = await read(ctx, lambda conn: dropout_queries.export_actions(conn, year, fmt))
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(text.encode(), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="dropout-actions-{year}.{fmt}"'})
