"""Issuing invoices: a closing's (one per order with a line), and re-issues of disputed ones.

The caller holds the ledger lock (`ledger.lock_ledger`), so what an invoice bills and the watermark
of the facts behind it are one consistent reading, and no other issuing runs meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from pacte_billing.adapters import invoices, quantities
from pacte_billing.adapters.orders import OrderTerms, order_terms
from pacte_billing.domain.drafting import Draft, draft_invoice
from pacte_billing.metrics import CEILINGS_REACHED, INVOICES_ISSUED
from pacte_contracts import billing as events
from pacte_contracts.envelope import Event
from pacte_contracts.rules import canonical_quantity


@dataclass(frozen=True, slots=True)
class Issued:
    invoice: invoices.NewInvoice
    events: list[Event]


def _issued(terms: OrderTerms, period: str, version: int, draft: Draft, watermark: int | None,
            reissued: bool) -> Issued:
    amounts = draft.amounts
    invoice = invoices.NewInvoice(
        invoice_id=invoices.invoice_id_for(terms.order_id, period, version), order_id=terms.order_id, period=period,
        version=version, lines=draft.lines, total_cents=amounts.total_cents, payable_cents=amounts.payable_cents,
        over_ceiling_cents=amounts.over_ceiling_cents, fact_watermark=watermark, reissued=reissued)
    emitted: list[Event] = [invoice_issued(invoice)]
    if draft.reaches_ceiling:
        emitted.append(events.OrderCeilingReached(order_id=terms.order_id, invoice_id=invoice.invoice_id,
                                                  amount_cents=terms.amount_cents,
                                                  over_ceiling_cents=amounts.over_ceiling_cents))
    return Issued(invoice, emitted)


def invoice_issued(invoice: invoices.NewInvoice) -> events.InvoiceIssued:
    return events.InvoiceIssued(
        invoice_id=invoice.invoice_id, order_id=invoice.order_id, period=invoice.period, version=invoice.version,
        lines=[events.InvoiceLine(kind=line.kind, origin_period=line.origin_period, ref=line.ref,
                                  quantity=canonical_quantity(line.quantity), unit_price_cents=line.unit_price_cents,
                                  amount_cents=line.amount_cents) for line in invoice.lines],
        total_cents=invoice.total_cents, payable_cents=invoice.payable_cents,
        over_ceiling_cents=invoice.over_ceiling_cents, reissued=invoice.reissued)


async def issue(conn: asyncpg.Connection, period: str, order_ids: Sequence[str] | None, watermark: int | None, *,
                reissue: bool = False) -> list[Issued]:
    """`period`'s next version for each order (all orders when None): those with a line, or every one
    asked when re-issuing (BILLING.md: a re-issue is always issued, even empty)."""
    terms = await order_terms(conn, order_ids)
    if not terms:
        return []
    current = await quantities.current_quantities(conn, terms)
    billed = await quantities.billed_so_far(conn, terms)
    versions = await invoices.latest_versions(conn, period, list(terms))
    issued = [
        _issued(terms[order_id], period, versions.get(order_id, 0) + 1, draft, watermark, reissue)
        for order_id in sorted(terms)
        if (draft := draft_invoice(period, current.get(order_id, []), billed[order_id], terms[order_id].amount_cents,
                                   reissue=reissue)) is not None
    ]
    await invoices.insert_invoices(conn, [i.invoice for i in issued])
    INVOICES_ISSUED.inc(len(issued))
    CEILINGS_REACHED.inc(sum(isinstance(e, events.OrderCeilingReached) for i in issued for e in i.events))
    return issued


async def reissue_disputed(conn: asyncpg.Connection, watermark: int) -> list[Issued]:
    """Every invoice whose latest version is disputed, replaced in (order_id, period) order: each
    re-issue counts for the next one of its order."""
    reissued: list[Issued] = []
    for order_id, period in await invoices.disputed(conn):
        reissued += await issue(conn, period, [order_id], watermark, reissue=True)
    return reissued
