"""Back-office: plans, their progress and amendments (the buyer accepts or rejects them)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from pacte_contracts.types import Id
from pacte_improvement.domain import AcceptAmendment, RejectAmendment
from pacte_improvement.service_layer import amendments, queries
from pacte_platform.commands import command_doc, respond

from .dependencies import ERRORS, Buyer, Handlers, Reader, amendment_decision, found, read

TAG = "back-office"
router = APIRouter(prefix="/plans", tags=[TAG])
PlanId = Annotated[Id, PathParam(description="Plan id")]


@router.get("", summary="Plans, optionally of one organisation or lot", responses=ERRORS)
async def plans(_: Reader, ctx: Handlers, organisation_id: Id | None = None,
                lot_id: Id | None = None) -> list[dict[str, Any]]:
    return await read(ctx, lambda conn: queries.list_plans(conn, organisation_id=organisation_id, lot_id=lot_id))


@router.get("/{plan_id}", summary="A plan", responses=ERRORS)
async def plan(plan_id: PlanId, _: Reader, ctx: Handlers) -> dict[str, Any]:
    return found(await read(ctx, lambda conn: queries.get_plan(conn, plan_id)), "plan")


@router.get("/{plan_id}/progress", summary="Milestones: current value vs target", responses=ERRORS)
async def plan_progress(plan_id: PlanId, _: Reader, ctx: Handlers) -> dict[str, Any]:
    return found(await read(ctx, lambda conn: queries.plan_progress(conn, plan_id)), "plan")


@router.get("/{plan_id}/amendments", summary="Amendments of a plan", responses=ERRORS)
async def plan_amendments(plan_id: PlanId, _: Reader, ctx: Handlers) -> list[dict[str, Any]]:
    return found(await read(ctx, lambda conn: queries.plan_amendments(conn, plan_id)), "plan")


@router.post("/{plan_id}/amendments/{number}/accept", summary="Accept an amendment", responses=ERRORS,
             openapi_extra=command_doc(AcceptAmendment, required=False))
async def accept_amendment(plan_id: PlanId, request: Request, caller: Buyer, ctx: Handlers,
                           command: Annotated[AcceptAmendment, Depends(amendment_decision(AcceptAmendment))]
                           ) -> JSONResponse:
    return await respond(request, caller, lambda: amendments.accept_amendment(ctx, command, caller))


@router.post("/{plan_id}/amendments/{number}/reject", summary="Reject an amendment", responses=ERRORS,
             openapi_extra=command_doc(RejectAmendment, required=False))
async def reject_amendment(plan_id: PlanId, request: Request, caller: Buyer, ctx: Handlers,
                           command: Annotated[RejectAmendment, Depends(amendment_decision(RejectAmendment))]
                           ) -> JSONResponse:
    return await respond(request, caller, lambda: amendments.reject_amendment(ctx, command, caller))
