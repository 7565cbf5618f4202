"""Invoice lifecycle commands: approve and pay (back-office), dispute (organisation), re-issue."""

from __future__ import annotations

from typing import Any

import asyncpg

from pacte_billing.adapters import invoices as repo
from pacte_billing.adapters import ledger
from pacte_billing.domain import lifecycle
from pacte_billing.service_layer.accrual import refresh_accruals
from pacte_billing.service_layer.closing import Drafted, issue_for_orders
from pacte_contracts import billing as events
from pacte_contracts.codes import InvoiceStatus
from pacte_contracts.envelope import Event
from pacte_contracts.rules import canonical_quantity
from pacte_platform.consumer import Emitter
from pacte_platform.http import refusal


def report_view(invoice: repo.StoredInvoice) -> dict[str, Any]:
    """The report shape of SCENARIO.md, nothing more."""
    return {
        "order_id": invoice.order_id, "period": invoice.period, "version": invoice.version,
        "lines": [
            {"kind": str(line.kind), "origin_period": line.origin_period, "ref": line.ref,
             "quantity": canonical_quantity(line.quantity), "unit_price_cents": line.unit_price_cents,
             "amount_cents": line.amount_cents}
            for line in invoice.lines
        ],
        "total_cents": invoice.total_cents, "payable_cents": invoice.payable_cents,
        "over_ceiling_cents": invoice.over_ceiling_cents, "status": invoice.status,
    }


def detailed_view(invoice: repo.StoredInvoice) -> dict[str, Any]:
    view = report_view(invoice)
    for n, line in enumerate(view["lines"], start=1):
        line["n"] = n
    return {"invoice_id": invoice.invoice_id, **view, "dispute_reason": invoice.dispute_reason,
            "issued_at": invoice.issued_at.isoformat()}


async def _latest(conn: asyncpg.Connection, order_id: str, period: str) -> repo.StoredInvoice:
    invoice = await repo.latest_invoice(conn, order_id, period)
    if invoice is None:
        raise refusal("invalid", f"no invoice of order {order_id} for {period}")
    return invoice


async def approve(conn: asyncpg.Connection, order_id: str, period: str) -> tuple[repo.StoredInvoice, list[Event]]:
    invoice = await _latest(conn, order_id, period)
    try:
        status = lifecycle.approve(InvoiceStatus(invoice.status))
    except lifecycle.InvalidTransition as exc:
        raise refusal("invalid", str(exc)) from exc
    await repo.set_status(conn, invoice.invoice_id, status.value)
    return invoice, [events.InvoiceApproved(invoice_id=invoice.invoice_id, order_id=order_id, period=period,
                                            version=invoice.version, payable_cents=invoice.payable_cents)]


async def pay(conn: asyncpg.Connection, order_id: str, period: str) -> tuple[repo.StoredInvoice, list[Event]]:
    invoice = await _latest(conn, order_id, period)
    try:
        status = lifecycle.pay(InvoiceStatus(invoice.status))
    except lifecycle.InvalidTransition as exc:
        raise refusal("invalid", str(exc)) from exc
    await repo.set_status(conn, invoice.invoice_id, status.value)
    return invoice, [events.InvoicePaid(invoice_id=invoice.invoice_id, order_id=order_id, period=period,
                                        version=invoice.version, paid_cents=invoice.payable_cents)]


async def dispute(conn: asyncpg.Connection, invoice_id: str, organisation_id: str,
                  reason: str) -> tuple[repo.StoredInvoice, list[Event]]:
    found = await repo.load_invoices(conn, invoice_id=invoice_id, for_update=True)
    if not found:
        raise refusal("invalid", f"unknown invoice {invoice_id}")
    invoice = found[0]
    holder = await conn.fetchval("SELECT holder_organisation_id FROM orders WHERE order_id = $1", invoice.order_id)
    if holder != organisation_id:
        raise refusal("forbidden", "this invoice belongs to another organisation")
    try:
        status = lifecycle.dispute(InvoiceStatus(invoice.status))
    except lifecycle.InvalidTransition as exc:
        raise refusal("invalid", str(exc)) from exc
    await repo.set_status(conn, invoice.invoice_id, status.value, reason)
    emitted: list[Event] = [events.InvoiceDisputed(invoice_id=invoice.invoice_id, order_id=invoice.order_id,
                                                   period=invoice.period, version=invoice.version, reason=reason)]
    # Its lines stop counting as billed, so the accrual grows back until the new version.
    emitter = Emitter(producer="billing")
    await refresh_accruals(conn, [invoice.order_id], emitter)
    return invoice, emitted + emitter.events


async def reissue(conn: asyncpg.Connection, order_id: str, period: str) -> tuple[Drafted, list[Event]]:
    """New version of a disputed invoice, from the facts (corrections included) known now."""
    await ledger.lock_ledger(conn)
    invoice = await _latest(conn, order_id, period)
    if invoice.status != InvoiceStatus.DISPUTED:
        raise refusal("invalid", f"only a disputed invoice is re-issued; this one is {invoice.status}")
    drafted = await issue_for_orders(conn, period, [order_id], await ledger.watermark(conn))
    if not drafted:
        raise refusal("invalid", "nothing is billable for this order and period any more")
    emitter = Emitter(producer="billing")
    await refresh_accruals(conn, [order_id], emitter)
    return drafted[0], drafted[0].events + emitter.events
