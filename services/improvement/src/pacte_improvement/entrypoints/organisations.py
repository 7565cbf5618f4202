"""Integration API of training organisations (`/v1/plans`): an organisation sees and changes its own plans.

Every route naming a plan takes `OwnPlan`: another organisation's plan is answered exactly as an
absent one (404 `not_found`), so plan ids cannot be probed, and the attempt is audited. Creating a
plan for another organisation is SCENARIO.md's `forbidden` (the body names the organisation)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_contracts.types import Id, YearParam
from pacte_improvement.domain import ChangeDropoutActionStatus, CreatePlan, ProposeAmendment, RecordDropoutAction
from pacte_improvement.service_layer import amendments, dropout_actions, dropout_queries, plans, queries
from pacte_platform.commands import command_body, command_doc, respond

from .dependencies import ERRORS, Handlers, Organisation, OwnPlan, found, read

TAG = "organisations"
router = APIRouter(prefix="/v1/plans", tags=[TAG])


@router.post("", status_code=201, summary="Create the plan of one of the organisation's lots (plan.create)",
             responses=ERRORS, openapi_extra=command_doc(CreatePlan))
async def create_plan(request: Request, caller: Organisation, ctx: Handlers,
                      command: Annotated[CreatePlan, Depends(command_body(CreatePlan))]) -> JSONResponse:
    return await respond(request, caller, lambda: plans.create_plan(ctx, command, caller), 201)


@router.get("", summary="The organisation's plans", responses=ERRORS)
async def my_plans(caller: Organisation, ctx: Handlers) -> list[dict[str, Any]]:
    return await read(ctx, lambda conn: queries.list_plans(conn, organisation_id=caller.subject))


@router.get("/{plan_id}", summary="One of the organisation's plans", responses=ERRORS)
async def my_plan(plan_id: OwnPlan, caller: Organisation, ctx: Handlers) -> dict[str, Any]:
    return found(await read(ctx, lambda conn: queries.get_plan(conn, plan_id, organisation_id=caller.subject)),
                 "plan")


@router.get("/{plan_id}/progress", summary="Milestones: current value vs target", responses=ERRORS)
async def my_progress(plan_id: OwnPlan, caller: Organisation, ctx: Handlers) -> dict[str, Any]:
    return found(await read(ctx, lambda conn: queries.plan_progress(conn, plan_id, organisation_id=caller.subject)),
                 "plan")


@router.post("/{plan_id}/amendments", status_code=201, summary="Propose an amendment (the buyer accepts it)",
             responses=ERRORS, openapi_extra=command_doc(ProposeAmendment))
async def propose_amendment(plan_id: OwnPlan, request: Request, caller: Organisation, ctx: Handlers,
                            command: Annotated[ProposeAmendment, Depends(command_body(ProposeAmendment, "plan_id"))]
                            ) -> JSONResponse:
    return await respond(request, caller, lambda: amendments.propose_amendment(ctx, command, caller), 201)


@router.get("/{plan_id}/amendments", summary="Amendments of the plan", responses=ERRORS)
async def my_amendments(plan_id: OwnPlan, caller: Organisation, ctx: Handlers) -> list[dict[str, Any]]:
    return found(await read(ctx, lambda conn: queries.plan_amendments(conn, plan_id,
                                                                      organisation_id=caller.subject)), "plan")


@router.get("/{plan_id}/dropout-action-plans/{year}",
            summary="The year's dropout profile and actions, with earlier actions still open", responses=ERRORS)
async def my_action_plan(plan_id: OwnPlan, year: YearParam, caller: Organisation, ctx: Handlers,
                         scope: Literal["organisation", "lot"] = "organisation") -> dict[str, Any]:
    return found(await read(ctx, lambda conn: dropout_queries.dropout_action_plan(
        conn, plan_id, year, scope=scope, organisation_id=caller.subject)), "plan")


@router.post("/{plan_id}/dropout-actions", status_code=201, summary="Record an action against a dropout reason",
             responses=ERRORS, openapi_extra=command_doc(RecordDropoutAction))
async def record_action(plan_id: OwnPlan, request: Request, caller: Organisation, ctx: Handlers,
                        command: Annotated[RecordDropoutAction, Depends(command_body(RecordDropoutAction, "plan_id"))]
                        ) -> JSONResponse:
    return await respond(request, caller, lambda: dropout_actions.record_action(ctx, command, caller), 201)


@router.post("/{plan_id}/dropout-actions/{action_id}/status",
             summary="Follow an action: planned → in_progress → done, or dropped", responses=ERRORS,
             openapi_extra=command_doc(ChangeDropoutActionStatus))
async def change_action(plan_id: OwnPlan, action_id: Id, request: Request, caller: Organisation, ctx: Handlers,
                        command: Annotated[ChangeDropoutActionStatus,
                                           Depends(command_body(ChangeDropoutActionStatus, "plan_id", "action_id"))]
                        ) -> JSONResponse:
    return await respond(request, caller, lambda: dropout_actions.change_action_status(ctx, command, caller))
