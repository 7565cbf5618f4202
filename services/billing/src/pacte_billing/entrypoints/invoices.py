"""Invoices for the back-office: the list, one invoice with its versions and dispute, the facts behind a
line, and finance's commands on the latest version of an (order, period): approve, pay, re-issue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from pacte_billing.domain.commands import ApproveInvoice, PayInvoice, ReissueInvoice
from pacte_billing.service_layer import invoices, reads
from pacte_platform.commands import command_body, command_doc, respond

from . import schemas
from .dependencies import ERRORS, Finance, Handlers, Reader, found

router = APIRouter(tags=["invoices"])
ON_LATEST = ("order_id", "period")


@router.get("/invoices", response_model=list[schemas.InvoiceReportOut], responses=ERRORS,
            summary="Every invoice version, report shape, sorted by (order_id, period, version)")
async def get_invoices(_: Reader, ctx: Handlers) -> JSONResponse:
    # Answered as built: the views are the report's shape already, and validating 40,000 versions
    # against the response model again took a tenth of the answer's time at the whole pact's size.
    async with ctx.pool.acquire() as conn:
        return JSONResponse(await reads.report(conn))


@router.get("/invoices/{invoice_id}", response_model=schemas.InvoiceOut, responses=ERRORS,
            summary="One invoice version in full: numbered lines, dispute, the version replacing it")
async def get_invoice(invoice_id: str, _: Reader, ctx: Handlers) -> dict[str, Any]:
    async with ctx.pool.acquire() as conn:
        return found(await reads.invoice(conn, invoice_id), "invoice")


@router.get("/invoices/{invoice_id}/lines/{n}/facts", response_model=schemas.LineFactsOut, responses=ERRORS,
            summary="The ledger rows (fact versions) behind one invoice line")
async def get_line_facts(invoice_id: str, n: int, _: Reader, ctx: Handlers, after: int = Query(default=0, ge=0),
                         limit: int = Query(default=1000, ge=1, le=10000)) -> dict[str, Any]:
    async with ctx.pool.acquire() as conn:
        return found(await reads.line_facts(conn, invoice_id, n, after, limit), f"line {n} on invoice {invoice_id}")


@router.post("/orders/{order_id}/invoices/{period}/approve", response_model=schemas.InvoiceStatusOut,
             responses=ERRORS, openapi_extra=command_doc(ApproveInvoice, required=False),
             summary="Approve the latest version of an order's invoice for a period (invoice.approve, finance)",
             description="`invalid` unless it is `issued`.")
async def post_approve(request: Request, caller: Finance, ctx: Handlers,
                       command: Annotated[ApproveInvoice, Depends(command_body(ApproveInvoice, *ON_LATEST))]
                       ) -> JSONResponse:
    return await respond(request, caller, lambda: invoices.approve(ctx, command, caller))


@router.post("/orders/{order_id}/invoices/{period}/pay", response_model=schemas.InvoiceStatusOut,
             responses=ERRORS, openapi_extra=command_doc(PayInvoice, required=False),
             summary="Record the payment of the latest version (invoice.pay, finance)",
             description="`invalid` unless it is `approved`; the amount paid is its `payable_cents`.")
async def post_pay(request: Request, caller: Finance, ctx: Handlers,
                   command: Annotated[PayInvoice, Depends(command_body(PayInvoice, *ON_LATEST))]) -> JSONResponse:
    return await respond(request, caller, lambda: invoices.pay(ctx, command, caller))


@router.post("/orders/{order_id}/invoices/{period}/reissue", status_code=201, response_model=schemas.InvoiceOut,
             responses=ERRORS, openapi_extra=command_doc(ReissueInvoice, required=False),
             summary="Re-issue a disputed invoice as version n+1 (invoice.reissue, finance)",
             description="`invalid` unless the latest version is `disputed`. Computed like a closing of its period "
                         "now (facts known now, periods up to its own, minus what counting invoices billed, then the "
                         "ceiling), and always issued, with no lines and totals of 0 when nothing is billable.")
async def post_reissue(request: Request, caller: Finance, ctx: Handlers,
                       command: Annotated[ReissueInvoice, Depends(command_body(ReissueInvoice, *ON_LATEST))]
                       ) -> JSONResponse:
    return await respond(request, caller, lambda: invoices.reissue(ctx, command, caller), 201)
