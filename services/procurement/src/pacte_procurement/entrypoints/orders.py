"""Orders (bons de commande) committed against their tender's budget."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_contracts.types import Id
from pacte_platform.commands import command_body, command_doc, respond
from pacte_procurement.adapters import queries
from pacte_procurement.domain import PlaceOrder
from pacte_procurement.service_layer import handlers

from . import schemas
from .dependencies import ERRORS, READ_ERRORS, WRITE_ERRORS, Buyer, Cursor, Handlers, Limit, Reader, found, paged

router = APIRouter(tags=["orders"])


@router.post("/orders", status_code=201, summary="Place an order (order.place)",
             description="Commits `amount_cents` against the lot's tender budget. Refusals: `invalid`, then "
                         "`lot_not_awarded`, then `budget_exceeded`; a refused order changes nothing. An order is "
                         "closed through billing (`POST /orders/{order_id}/close` there), which knows what it earned.",
             responses={201: {"model": schemas.OrderOut}, **WRITE_ERRORS}, openapi_extra=command_doc(PlaceOrder))
async def post_order(request: Request, caller: Buyer, ctx: Handlers,
                     command: Annotated[PlaceOrder, Depends(command_body(PlaceOrder))]) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.place_order(ctx, command, caller), 201)


@router.get("/orders", summary="List orders", response_model=schemas.OrderPage, responses=ERRORS)
async def get_orders(_: Reader, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None, lot_id: Id | None = None,
                     tender_id: Id | None = None, holder_id: Id | None = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await paged(queries.orders(conn, lot_id=lot_id, tender_id=tender_id, holder_id=holder_id,
                                          cursor=cursor, limit=limit))


@router.get("/orders/{order_id}", summary="One order, with the budget left on its tender",
            response_model=schemas.OrderOut, responses=READ_ERRORS)
async def get_order(order_id: Id, _: Reader, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await queries.order(conn, order_id), "order")


@router.get("/budget", summary="Budget, committed and remaining money per tender", response_model=schemas.BudgetOut,
            responses=ERRORS)
async def get_budget(_: Reader, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return await queries.budget(conn)
