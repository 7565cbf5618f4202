"""Sessions of an order, and the 6-month rolling catalogue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from pacte_contracts.codes import ActionType, Axis, Domain, Territory
from pacte_contracts.types import Id, IsoDate
from pacte_platform.commands import command_body, command_doc, respond
from pacte_platform.http import Problem
from pacte_platform.paging import BadCursor
from pacte_procurement.adapters import queries
from pacte_procurement.domain import CancelSession, RescheduleSession, ScheduleSession
from pacte_procurement.service_layer import handlers

from . import schemas
from .dependencies import ERRORS, READ_ERRORS, WRITE_ERRORS, Buyer, Cursor, Handlers, Limit, Reader, found, paged

router = APIRouter(tags=["sessions"])


@router.post("/sessions", status_code=201, summary="Schedule a session (session.schedule)",
             responses={201: {"model": schemas.SessionOut}, **WRITE_ERRORS},
             openapi_extra=command_doc(ScheduleSession))
async def post_session(request: Request, caller: Buyer, ctx: Handlers,
                       command: Annotated[ScheduleSession, Depends(command_body(ScheduleSession))]) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.schedule_session(ctx, command, caller), 201)


@router.post("/sessions/{session_id}/reschedule", summary="Move a session before it starts",
             responses={200: {"model": schemas.SessionOut}, **WRITE_ERRORS},
             openapi_extra=command_doc(RescheduleSession))
async def post_reschedule(request: Request, caller: Buyer, ctx: Handlers,
                          command: Annotated[RescheduleSession, Depends(command_body(RescheduleSession, "session_id"))]
                          ) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.reschedule_session(ctx, command, caller))


@router.post("/sessions/{session_id}/cancel", summary="Cancel a session nobody entered (session.cancel)",
             responses={200: {"model": schemas.SessionOut}, **WRITE_ERRORS},
             openapi_extra=command_doc(CancelSession, required=False))
async def post_cancel(request: Request, caller: Buyer, ctx: Handlers,
                      command: Annotated[CancelSession, Depends(command_body(CancelSession, "session_id"))]
                      ) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.cancel_session(ctx, command, caller))


@router.get("/sessions", summary="List sessions", response_model=schemas.SessionPage, responses=ERRORS)
async def get_sessions(_: Reader, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None,
                       order_id: Id | None = None, lot_id: Id | None = None,
                       holder_id: Id | None = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await paged(queries.sessions(conn, order_id=order_id, lot_id=lot_id, holder_id=holder_id,
                                            today=ctx.today(), cursor=cursor, limit=limit))


@router.get("/sessions/{session_id}", summary="One session", response_model=schemas.SessionOut,
            responses=READ_ERRORS)
async def get_session(session_id: Id, _: Reader, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await queries.session(conn, session_id, ctx.today()), "session")


@router.get("/catalogue", summary="The rolling programme: sessions of the next 6 months",
            response_model=schemas.CataloguePage, response_model_by_alias=True, responses=ERRORS)
async def get_catalogue(
    _: Reader, ctx: Handlers,
    start: Annotated[IsoDate | None, Query(alias="from", description="First start date (default today)")] = None,
    territory: Territory | None = None, domain: Domain | None = None, axis: Axis | None = None,
    action_type: ActionType | None = None, limit: Limit = 100, cursor: Cursor = None,
) -> Any:
    today = ctx.today()
    async with ctx.pool.acquire() as conn:
        try:
            first, end, page = await queries.catalogue(
                conn, start=start or today, territory=territory, domain=domain, axis=axis,
                action_type=action_type, today=today, cursor=cursor, limit=limit)
        except BadCursor as exc:
            raise Problem(422, "invalid", str(exc)) from exc
    return {"from": first, "until": end, **page.body()}
