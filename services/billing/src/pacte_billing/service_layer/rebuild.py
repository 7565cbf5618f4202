"""Billing's own published decisions, read back: the source of truth when rebuilding.

Invoices depend on what was known at each closing, which replaying the input facts alone cannot
tell; InvoiceIssued carries every line, so an empty database replaying the topics restores the
same invoices (re-issued versions included), and OrderClosed the lowered amounts. In normal operation
every event here is already applied and changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

import asyncpg

from pacte_billing.adapters import closings, invoices, orders
from pacte_billing.domain.invoicing import InvoiceLine
from pacte_billing.domain.periods import last_day
from pacte_contracts import billing as events
from pacte_platform.consumer import Consumed, Emitter

from .accrual import refresh_accruals

# Status only moves forward; disputed is a dead end of issued/approved, never followed by paid.
_RANK = {"issued": 0, "approved": 1, "paid": 2, "disputed": 3}
_MOVES: dict[type[events.InvoiceEvent], str] = {events.InvoiceApproved: "approved", events.InvoicePaid: "paid",
                                                events.InvoiceDisputed: "disputed"}


def _restored(e: events.InvoiceIssued) -> invoices.NewInvoice:
    return invoices.NewInvoice(
        invoice_id=e.invoice_id, order_id=e.order_id, period=e.period, version=e.version,
        lines=[InvoiceLine(line.kind, line.origin_period, line.ref, Decimal(line.quantity), line.unit_price_cents,
                           line.amount_cents) for line in e.lines],
        total_cents=e.total_cents, payable_cents=e.payable_cents, over_ceiling_cents=e.over_ceiling_cents,
        fact_watermark=None, reissued=e.reissued)


async def _move_statuses(conn: asyncpg.Connection, consumed: list[Consumed]) -> set[str]:
    moves: dict[str, tuple[str, str | None]] = {}
    touched: set[str] = set()
    for e in (c.event for c in consumed):
        status = _MOVES.get(type(e))  # type: ignore[arg-type]
        if status is None or not isinstance(e, events.InvoiceEvent):
            continue
        reason = e.reason if isinstance(e, events.InvoiceDisputed) else None
        known = moves.get(e.invoice_id)
        if known is None or _RANK[status] > _RANK[known[0]]:
            moves[e.invoice_id] = (status, reason)
        touched.add(e.order_id)
    for invoice_id, (status, reason) in moves.items():
        await conn.execute(
            """UPDATE invoices SET status = $2, dispute_reason = coalesce($3, dispute_reason), status_changed_at = now()
               WHERE invoice_id = $1 AND (CASE status WHEN 'issued' THEN 0 WHEN 'approved' THEN 1
                                          WHEN 'paid' THEN 2 ELSE 3 END) < $4""",
            invoice_id, status, reason, _RANK[status],
        )
    return touched


async def on_billing_events(conn: asyncpg.Connection, consumed: list[Consumed], emit: Emitter) -> None:
    issued = [c.event for c in consumed if isinstance(c.event, events.InvoiceIssued)]
    await invoices.insert_invoices(conn, [_restored(e) for e in issued])
    closed = [c for c in consumed if isinstance(c.event, events.OrderClosed)]
    await orders.record_closings(conn, [
        orders.OrderClosing(e.order_id, e.previous_amount_cents, e.amount_cents, e.released_cents, None)
        for e in (c.event for c in closed) if isinstance(e, events.OrderClosed)])
    touched = {e.order_id for e in issued} | await _move_statuses(conn, consumed)
    for c in consumed:
        if isinstance(c.event, events.PeriodClosed):
            await closings.mark_closed(conn, c.event.period, last_day(c.event.period), c.event.invoices_issued)
    await refresh_accruals(conn, touched, emit)
