"""Back-office: milestones (the buyer validates or waives them) and the decisions of period closings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_contracts.types import Id, Period
from pacte_improvement.domain import ValidateMilestone, WaiveMilestone
from pacte_improvement.service_layer import milestones, queries
from pacte_platform.commands import command_body, command_doc, respond

from .dependencies import ERRORS, Buyer, Handlers, Reader, found, read

TAG = "back-office"
router = APIRouter(tags=[TAG])


@router.get("/milestones", summary="Every milestone's status (report shape: id → status)", responses=ERRORS)
async def statuses(_: Reader, ctx: Handlers) -> dict[str, str]:
    return await read(ctx, queries.milestone_statuses)


@router.get("/milestones/{milestone_id}", summary="A milestone with its audit trail", responses=ERRORS)
async def milestone(milestone_id: Id, _: Reader, ctx: Handlers) -> dict[str, Any]:
    return found(await read(ctx, lambda conn: queries.milestone_detail(conn, milestone_id)), "milestone")


@router.post("/milestones/{milestone_id}/validate", summary="Validate a planned milestone: achieved on the date "
             "(milestone.validate)", responses=ERRORS, openapi_extra=command_doc(ValidateMilestone))
async def validate(milestone_id: Id, request: Request, caller: Buyer, ctx: Handlers,
                   command: Annotated[ValidateMilestone, Depends(command_body(ValidateMilestone, "milestone_id"))]
                   ) -> JSONResponse:
    return await respond(request, caller, lambda: milestones.decide_milestone(ctx, command, caller))


@router.post("/milestones/{milestone_id}/waive", summary="Waive a planned milestone (milestone.waive)",
             responses=ERRORS, openapi_extra=command_doc(WaiveMilestone))
async def waive(milestone_id: Id, request: Request, caller: Buyer, ctx: Handlers,
                command: Annotated[WaiveMilestone, Depends(command_body(WaiveMilestone, "milestone_id"))]
                ) -> JSONResponse:
    return await respond(request, caller, lambda: milestones.decide_milestone(ctx, command, caller))


@router.get("/evaluations/{period}", summary="Decisions of a period closing", responses=ERRORS)
async def period_evaluation(period: Period, _: Reader, ctx: Handlers) -> dict[str, Any]:
    return found(await read(ctx, lambda conn: queries.evaluation(conn, period)), "evaluation")
