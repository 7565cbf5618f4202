"""Lots: define, award to an organisation or a grouping, declare unsuccessful, read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from pacte_contracts.codes import Domain, Territory
from pacte_contracts.types import Id
from pacte_platform.commands import command_body, command_doc, respond
from pacte_procurement.adapters import queries
from pacte_procurement.domain import AwardLot, DeclareLotUnsuccessful, DefineLot, LotStatus
from pacte_procurement.service_layer import handlers

from . import schemas
from .dependencies import ERRORS, READ_ERRORS, WRITE_ERRORS, Buyer, Cursor, Handlers, Limit, Reader, found, paged

router = APIRouter(tags=["lots"])


@router.post("/lots", status_code=201, summary="Define a lot (lot.define)",
             responses={201: {"model": schemas.LotOut}, **WRITE_ERRORS}, openapi_extra=command_doc(DefineLot))
async def post_lot(request: Request, caller: Buyer, ctx: Handlers,
                   command: Annotated[DefineLot, Depends(command_body(DefineLot))]) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.define_lot(ctx, command, caller), 201)


@router.post("/lots/{lot_id}/award", summary="Award an open lot (lot.award)",
             description="The body's `lot_id` may be left out; when given it must equal the path's.",
             responses={200: {"model": schemas.LotOut}, **WRITE_ERRORS}, openapi_extra=command_doc(AwardLot))
async def post_award(request: Request, caller: Buyer, ctx: Handlers,
                     command: Annotated[AwardLot, Depends(command_body(AwardLot, "lot_id"))]) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.award_lot(ctx, command, caller))


@router.post("/lots/{lot_id}/unsuccessful", summary="Declare an open lot unsuccessful (lot.unsuccessful)",
             responses={200: {"model": schemas.LotOut}, **WRITE_ERRORS},
             openapi_extra=command_doc(DeclareLotUnsuccessful, required=False))
async def post_unsuccessful(request: Request, caller: Buyer, ctx: Handlers,
                            command: Annotated[DeclareLotUnsuccessful,
                                               Depends(command_body(DeclareLotUnsuccessful, "lot_id"))]
                            ) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.declare_unsuccessful(ctx, command, caller))


@router.get("/lots", summary="List lots", response_model=schemas.LotPage, responses=ERRORS)
async def get_lots(_: Reader, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None, tender_id: Id | None = None,
                   status: LotStatus | None = None, territory: Territory | None = None, domain: Domain | None = None,
                   organisation_id: Annotated[str | None, Query(description="Holder or member")] = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await paged(queries.lots(conn, tender_id=tender_id, status=status, territory=territory,
                                        domain=domain, holder_id=organisation_id, cursor=cursor, limit=limit))


@router.get("/lots/{lot_id}", summary="One lot", response_model=schemas.LotOut, responses=READ_ERRORS)
async def get_lot(lot_id: Id, _: Reader, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await queries.lot(conn, lot_id), "lot")
