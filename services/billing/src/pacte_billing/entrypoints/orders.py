"""Orders as billing knows them: closing one (the buyer), its standing, its accrual; money per tender."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_billing.adapters import accruals
from pacte_billing.adapters import orders as queries
from pacte_billing.domain.commands import CloseOrder
from pacte_billing.service_layer import orders
from pacte_platform.commands import command_body, command_doc, respond

from . import schemas
from .dependencies import ERRORS, Buyer, Handlers, Reader, found

router = APIRouter(tags=["orders"])


@router.post("/orders/{order_id}/close", response_model=schemas.OrderOut, responses=ERRORS,
             openapi_extra=command_doc(CloseOrder, required=False),
             summary="Close an order (order.close, buyer)",
             description="Lowers the order's amount to what it has earned so far, `max(0, min(amount, payable of its "
                         "counting invoices + its running accrual))`, and releases the rest to its tender's budget "
                         "(`OrderClosed`); procurement then refuses new sessions on it. What it earns later is "
                         "invoiced, above the lowered amount as over-ceiling. `invalid` for an unknown order, a closed "
                         "one, or one of whose invoices has a disputed latest version.")
async def post_close(request: Request, caller: Buyer, ctx: Handlers,
                     command: Annotated[CloseOrder, Depends(command_body(CloseOrder, "order_id"))]) -> JSONResponse:
    return await respond(request, caller, lambda: orders.close_order(ctx, command, caller))


@router.get("/orders/{order_id}", response_model=schemas.OrderOut, responses=ERRORS,
            summary="An order's ceiling (lowered once closed), payable, accrual, disputes and closing")
async def get_order(order_id: str, _: Reader, ctx: Handlers) -> dict[str, Any]:
    async with ctx.pool.acquire() as conn:
        return found(await queries.order_view(conn, order_id), "order")


@router.get("/orders/{order_id}/accrual", response_model=schemas.AccrualOut, responses=ERRORS,
            summary="Billable from every fact known now minus invoiced, before the ceiling")
async def get_accrual(order_id: str, _: Reader, ctx: Handlers) -> dict[str, Any]:
    async with ctx.pool.acquire() as conn:
        found(await queries.holder_of(conn, order_id), "order")
        value, sequence = (await accruals.accruals(conn, [order_id])).get(order_id, (0, None))
    return {"order_id": order_id, "accrued_cents": value, "sequence": sequence}


@router.get("/budget/tenders", tags=["budget"], response_model=dict[str, schemas.TenderBudgetOut], responses=ERRORS,
            summary="Committed (a closed order's lowered amount), invoiced (payable) and paid per tender")
async def get_budget_per_tender(_: Reader, ctx: Handlers) -> dict[str, Any]:
    async with ctx.pool.acquire() as conn:
        rows = await queries.budget_rows(conn)
    return {r["tender_id"]: {"axis": r["axis"], "committed_cents": int(r["committed_cents"]),
                             "payable_cents": int(r["payable_cents"]), "paid_cents": int(r["paid_cents"])}
            for r in rows}
