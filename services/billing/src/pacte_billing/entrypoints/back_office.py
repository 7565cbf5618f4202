"""Finance's back-office over many invoices: the list filtered and paginated in SQL, bulk approve and bulk
pay, ceiling alerts, and the accounting export of a month or a date range, streamed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from pacte_billing.adapters import accounting, listing
from pacte_billing.domain.accounting import COLUMNS, csv_cell, json_row
from pacte_billing.domain.commands import ApproveInvoices, PayInvoices
from pacte_billing.service_layer import bulk
from pacte_contracts.types import Period
from pacte_platform.commands import command_body, command_doc, respond
from pacte_platform.http import Problem
from pacte_platform.paging import BadCursor
from pacte_platform.spreadsheet import spreadsheet_safe

from . import schemas
from .dependencies import ERRORS, Finance, Handlers, Reader

router = APIRouter(prefix="/back-office", tags=["back-office"])
Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page")]


def _filter(status: Annotated[str | None, Query(description="issued | approved | paid | disputed")] = None,
            period: Period | None = None, organisation_id: str | None = None,
            axis: Annotated[str | None, Query(description="qualifying | essentials | transverse")] = None,
            tender_id: str | None = None, order_id: str | None = None) -> listing.InvoiceFilter:
    return listing.InvoiceFilter(status or None, period or None, organisation_id or None, axis or None,
                                 tender_id or None, order_id or None)


Filter = Annotated[listing.InvoiceFilter, Depends(_filter)]


def _bad_cursor(exc: BadCursor) -> Problem:
    return Problem(422, "invalid", str(exc))


@router.get("/invoices", response_model=schemas.InvoicePage, responses=ERRORS,
            summary="Invoice versions, filtered and cursor-paginated (newest period first)",
            description="Each item says whether it is the latest version of its (order, period), whether it counts, "
                        "and whether its approval is recorded (the service-done certificate can be generated). "
                        "`count` is how many invoices the filter matches.")
async def get_invoices(_: Reader, ctx: Handlers, f: Filter, limit: Limit = 50, cursor: Cursor = None) -> Any:
    async with ctx.pool.acquire() as conn:
        try:
            return await listing.invoices(conn, f, cursor, limit)
        except BadCursor as exc:
            raise _bad_cursor(exc) from exc


@router.get("/ceiling-alerts", response_model=schemas.CeilingAlertPage, responses=ERRORS,
            summary="Orders whose counting invoices reached their ceiling, or held money back above it")
async def get_ceiling_alerts(_: Reader, ctx: Handlers, f: Filter, limit: Limit = 100, cursor: Cursor = None) -> Any:
    async with ctx.pool.acquire() as conn:
        try:
            return await listing.ceiling_alerts(conn, f, cursor, limit)
        except BadCursor as exc:
            raise _bad_cursor(exc) from exc


@router.post("/invoices/approve", response_model=schemas.BulkOut, responses=ERRORS,
             openapi_extra=command_doc(ApproveInvoices),
             summary="Approve many invoices (each the latest version of its order and period), each on its own",
             description="Each is decided as `invoice.approve` would; the refused ones change nothing and say why.")
async def post_approve_many(
        request: Request, caller: Finance, ctx: Handlers,
        command: Annotated[ApproveInvoices, Depends(command_body(ApproveInvoices))]) -> JSONResponse:
    return await respond(request, caller, lambda: bulk.approve_many(ctx, command, caller))


@router.post("/invoices/pay", response_model=schemas.BulkOut, responses=ERRORS, openapi_extra=command_doc(PayInvoices),
             summary="Record one bank transfer paying many approved invoices, each on its own",
             description="Each is decided as `invoice.pay` would, with the transfer's reference and date.")
async def post_pay_many(request: Request, caller: Finance, ctx: Handlers,
                        command: Annotated[PayInvoices, Depends(command_body(PayInvoices))]) -> JSONResponse:
    return await respond(request, caller, lambda: bulk.pay_many(ctx, command, caller))


def _range(period: Period | None, start: date | None, end: date | None) -> None:
    if (period is None) == (start is None and end is None):
        raise Problem(422, "invalid", "give either a period or a date range (from, to)")
    if start is not None and end is not None and end < start:
        raise Problem(422, "invalid", "the range ends before it starts")


@router.get("/exports/accounting", responses={200: {"content": {"text/csv": {}, "application/json": {}},
                                                    "description": "streamed"}, **ERRORS},
            summary="The accounting export: one row per invoice line with its imputation, by period or date range",
            description="CSV (UTF-8 with BOM, `;`, euros with the decimal separator asked, formulas neutralised) or "
                        "JSON (cents). Rows of each invoice add up to its payable: its lines, then an `over_ceiling` "
                        "row for what the ceiling held back. Streamed: memory stays flat whatever the size.")
async def get_accounting_export(
        request: Request, _: Reader, ctx: Handlers, period: Period | None = None,
        start: Annotated[date | None, Query(alias="from", description="first issue date (Paris time)")] = None,
        end: Annotated[date | None, Query(alias="to", description="last issue date (Paris time)")] = None,
        format: Literal["csv", "json"] = "csv",
        decimal: Annotated[Literal[",", "."] | None, Query(description="CSV decimal separator")] = None,
) -> StreamingResponse:
    _range(period, start, end)
    separator = decimal or request.app.state.pacte_runtime.settings.export_decimal_separator
    rows = _rows(ctx, period, start, end)
    name = "export-comptable-" + (period or f"{start or 'debut'}_{end or 'fin'}")
    if format == "json":
        return StreamingResponse(_json(rows), media_type="application/json",
                                 headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    return StreamingResponse(_csv(rows, separator), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


async def _rows(ctx: Any, period: str | None, start: date | None, end: date | None) -> AsyncIterator[dict[str, Any]]:
    async with ctx.pool.acquire() as conn, conn.transaction(readonly=True, isolation="repeatable_read"):
        async for row in accounting.rows(conn, period=period, start=start, end=end):
            yield row


async def _csv(rows: AsyncIterator[dict[str, Any]], separator: str) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")  # spreadsheets read the file as UTF-8
    writer.writerow([header for header, _ in COLUMNS])
    count = 0
    async for row in rows:
        writer.writerow([spreadsheet_safe(csv_cell(field, row[field], separator)) for _, field in COLUMNS])
        count += 1
        if count % accounting.PREFETCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


async def _json(rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    chunk: list[str] = []
    opening = "["
    async for row in rows:
        chunk.append(json.dumps(json_row(row), ensure_ascii=False))
        if len(chunk) == accounting.PREFETCH:
            yield (opening + ",".join(chunk)).encode()
            opening, chunk = ",", []
    yield (opening + ",".join(chunk) + "]").encode() if chunk or opening == "[" else b"]"
