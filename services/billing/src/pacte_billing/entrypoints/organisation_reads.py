"""The integration API's reads of billing (`/v1`, the organisation's API key): its orders with their
money and payment forecast, one invoice version in full, the facts behind a line. What is absent and
what belongs to another organisation get the same 404 (existence is not revealed to other tenants)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pacte_billing.service_layer import organisation_reads
from pacte_platform.paging import Cursor, Limit, page_body

from . import schemas
from .dependencies import ERRORS, Handlers, Organisation, found

router = APIRouter(tags=["organisations"], responses=ERRORS)


class OrganisationOrderOut(BaseModel):
    order_id: str
    lot_id: str
    tender_id: str
    axis: str
    billing_unit: str
    unit_price_cents: int
    status: str = Field(description="placed | closed")
    placed_cents: int = Field(description="the amount the order was placed for")
    committed_cents: int = Field(description="its ceiling: the amount placed, or the lowered amount once closed")
    invoiced_cents: int = Field(description="payable of its counting invoices (every version but a disputed one)")
    paid_cents: int
    remaining_cents: int = Field(description="committed minus invoiced: what it may still be paid")
    accrued_cents: int = Field(description="billable from the facts known now minus what was invoiced (BILLING.md)")
    forecast_payable_cents: int = Field(description="what of the accrual would be payable if invoiced now "
                                                    "(the ceiling applied)")
    invoices: int
    disputed_invoices: int
    closed_at: str | None


class OrganisationOrderPage(BaseModel):
    items: list[OrganisationOrderOut]
    next_cursor: str | None


class PaymentForecastOut(BaseModel):
    order_id: str
    accrued_cents: int
    sequence: int | None = Field(description="grows with each change of the accrual")
    committed_cents: int
    invoiced_cents: int
    forecast_payable_cents: int
    forecast_over_ceiling_cents: int


@router.get("/v1/orders", response_model=OrganisationOrderPage, operation_id="list_my_orders",
            summary="The calling organisation's orders (of the lots it holds) with their money")
async def get_my_orders(caller: Organisation, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None,
                        lot_id: str | None = None,
                        closed: bool | None = Query(default=None, description="only closed, or only open, orders")
                        ) -> Any:
    async with ctx.pool.acquire() as conn:
        return await page_body(organisation_reads.orders(conn, caller.subject, lot_id=lot_id, closed=closed,
                                                         cursor=cursor, limit=limit))


@router.get("/v1/orders/{order_id}", response_model=OrganisationOrderOut, operation_id="get_my_order",
            summary="One of its orders with its money (404 for an order that is not its own)")
async def get_my_order(order_id: str, caller: Organisation, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await organisation_reads.order(conn, caller.subject, order_id), "order")


@router.get("/v1/orders/{order_id}/accrual", response_model=PaymentForecastOut, operation_id="get_my_accrual",
            summary="The running accrual of one of its orders, as a payment forecast",
            description="What is billable from every fact known now minus what counting invoices billed (BILLING.md "
                        "running accrual), and what of it would be payable if the order were invoiced now (the "
                        "ceiling applied to its counting invoices). The next closing invoices the periods up to its "
                        "own: facts of later periods wait for their month.")
async def get_my_accrual(order_id: str, caller: Organisation, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await organisation_reads.accrual(conn, caller.subject, order_id), "order")


@router.get("/v1/invoices/{invoice_id}", response_model=schemas.InvoiceOut, operation_id="get_my_invoice",
            summary="One version of its invoices in full: numbered lines, dispute, the version replacing it")
async def get_my_invoice(invoice_id: str, caller: Organisation, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await organisation_reads.invoice(conn, caller.subject, invoice_id), "invoice")


@router.get("/v1/invoices/{invoice_id}/lines/{n}/facts", response_model=schemas.LineFactsOut,
            operation_id="list_my_line_facts",
            summary="The facts behind one line of its invoice: every ledger row (fact version) of the line's group",
            description="Each row says whether it was the current version when the invoice was issued and whether it "
                        "is new on this invoice. Trainees appear as their pseudonyms (`subject`), as in every answer: "
                        "`POST /v1/trainee-lookups` gives the pseudonym of one of the organisation's own trainee ids. "
                        "Paged by `after` (the last `fact_id` seen).")
async def get_my_line_facts(invoice_id: str, n: int, caller: Organisation, ctx: Handlers,
                            after: int = Query(default=0, ge=0), limit: int = Query(default=1000, ge=1, le=10000)
                            ) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await organisation_reads.line_facts(conn, caller.subject, invoice_id, n, after, limit),
                     f"line {n} on invoice {invoice_id}")
