"""Tenders: publish (created published), close, read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_contracts.codes import Axis
from pacte_contracts.types import Id
from pacte_platform.commands import command_body, command_doc, respond
from pacte_procurement.adapters import queries
from pacte_procurement.domain import CloseTender, PublishTender, TenderStatus
from pacte_procurement.service_layer import handlers

from . import schemas
from .dependencies import ERRORS, READ_ERRORS, WRITE_ERRORS, Buyer, Cursor, Handlers, Limit, Reader, found, paged

router = APIRouter(tags=["tenders"])


@router.post("/tenders", status_code=201, summary="Publish a tender (tender.publish)",
             responses={201: {"model": schemas.TenderOut}, **WRITE_ERRORS}, openapi_extra=command_doc(PublishTender))
async def post_tender(request: Request, caller: Buyer, ctx: Handlers,
                      command: Annotated[PublishTender, Depends(command_body(PublishTender))]) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.publish_tender(ctx, command, caller), 201)


@router.post("/tenders/{tender_id}/close", summary="Close a published tender",
             responses={200: {"model": schemas.TenderOut}, **WRITE_ERRORS},
             openapi_extra=command_doc(CloseTender, required=False))
async def post_tender_close(request: Request, caller: Buyer, ctx: Handlers,
                            command: Annotated[CloseTender, Depends(command_body(CloseTender, "tender_id"))]
                            ) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.close_tender(ctx, command, caller))


@router.get("/tenders", summary="List tenders", response_model=schemas.TenderPage, responses=ERRORS)
async def get_tenders(_: Reader, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None, axis: Axis | None = None,
                      status: TenderStatus | None = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await paged(queries.tenders(conn, axis=axis, status=status, cursor=cursor, limit=limit))


@router.get("/tenders/{tender_id}", summary="One tender with its committed budget",
            response_model=schemas.TenderOut, responses=READ_ERRORS)
async def get_tender(tender_id: Id, _: Reader, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await queries.tender(conn, tender_id), "tender")
