"""Handlers of billing's events: invoice versions, disputes, payments, order closings, accruals.

Billing alone decides money; indicators keep what it published and read counting invoices only
(`adapters/sql/money.py`). Approvals and ceiling alerts change no indicator.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import asyncpg

from pacte_contracts.billing import InvoiceDisputed, InvoiceIssued, InvoicePaid, OrderAccrualChanged, OrderClosed
from pacte_contracts.codes import LineKind
from pacte_indicators.adapters import money

from .batches import first, newest


def _billed(invoice: InvoiceIssued, kind: LineKind) -> Decimal:
    return sum((Decimal(line.quantity) for line in invoice.lines if line.kind == kind), Decimal(0))


async def on_invoice_issued(conn: asyncpg.Connection, events: Sequence[InvoiceIssued]) -> None:
    """A version, first or re-issued (`reissued`: it replaces a disputed one)."""
    await money.insert_invoices(conn, [
        (e.invoice_id, e.version, e.order_id, e.period, e.total_cents, e.payable_cents,
         _billed(e, LineKind.OPENING_DAY), _billed(e, LineKind.TRAINER_HOUR), _billed(e, LineKind.TRAINEE_HOUR))
        for e in first(events, lambda e: (e.invoice_id, e.version))
    ])


async def on_invoice_disputed(conn: asyncpg.Connection, events: Sequence[InvoiceDisputed]) -> None:
    """The version stops counting, whether its invoice is already here or not."""
    await money.insert_disputes(conn, [
        (e.invoice_id, e.version, e.order_id, e.period) for e in first(events, lambda e: (e.invoice_id, e.version))
    ])


async def on_invoice_paid(conn: asyncpg.Connection, events: Sequence[InvoicePaid]) -> None:
    await money.insert_payments(conn, [
        (e.invoice_id, e.version, e.order_id, e.period, e.paid_cents)
        for e in first(events, lambda e: (e.invoice_id, e.version))
    ])


async def on_order_closed(conn: asyncpg.Connection, events: Sequence[OrderClosed]) -> None:
    """From now on the order commits its lowered amount."""
    await money.insert_order_closings(conn, [
        (e.order_id, e.amount_cents) for e in first(events, lambda e: e.order_id)
    ])


async def on_order_accrual_changed(conn: asyncpg.Connection, events: Sequence[OrderAccrualChanged]) -> None:
    await money.upsert_accruals(conn, [
        (e.order_id, e.accrued_cents, e.sequence)
        for e in newest(events, lambda e: e.order_id, lambda e: e.sequence)
    ])
