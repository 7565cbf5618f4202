"""What billing's read routes answer: invoices (report shape, in full, the organisation's own), the
facts behind a line, a period's closing."""

from __future__ import annotations

from typing import Any

import asyncpg

from pacte_billing.adapters import closings, invoices
from pacte_billing.adapters.trace import facts_behind
from pacte_contracts.billing import closing_cut_id
from pacte_platform import cuts

from .views import closing_view, detailed_views, report_view

#: Which ledger facts a line of each kind is made of.
KIND_FACTS = {"trainee_hour": "attendance", "trainer_hour": "trainer_hours", "opening_day": "open_day",
              "return_to_work": "outcome", "milestone": "milestone"}


async def report(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    return [report_view(i) for i in await invoices.load_invoices(conn)]


async def invoice(conn: asyncpg.Connection, invoice_id: str) -> dict[str, Any] | None:
    found = await invoices.load_invoices(conn, invoice_id=invoice_id)
    if not found:
        return None
    versions = await invoices.load_invoices(conn, order_id=found[0].order_id, period=found[0].period)
    return detailed_views(found, versions)[0]


async def organisation_invoices(conn: asyncpg.Connection, organisation_id: str, *, order_id: str | None = None,
                                period: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    """Every version of the invoices of the orders it holds: disputed ones with their reason, and
    which version replaced them; filtered by order, period and status."""
    mine = await invoices.load_invoices(conn, holder=organisation_id, order_id=order_id, period=period)
    return [view for view in detailed_views(mine, mine) if status is None or view["status"] == status]


async def line_facts(conn: asyncpg.Connection, invoice_id: str, n: int, after: int,
                     limit: int) -> dict[str, Any] | None:
    found = await invoices.load_invoices(conn, invoice_id=invoice_id)
    if not found or not 1 <= n <= len(found[0].lines):
        return None
    issued, line = found[0], found[0].lines[n - 1]
    previous = await invoices.previous_watermark(conn, issued)
    facts = await facts_behind(conn, order_id=issued.order_id, fact_type=KIND_FACTS[str(line.kind)],
                               origin_period=line.origin_period, ref=line.ref, upto=issued.fact_watermark,
                               after_fact_id=after, limit=limit)
    for fact in facts:
        fact["new_on_this_invoice"] = previous is None or fact["fact_id"] > previous
    return {"invoice_id": invoice_id, "n": n, "kind": str(line.kind), "origin_period": line.origin_period,
            "ref": line.ref, "facts": facts, "next_after": facts[-1]["fact_id"] if len(facts) == limit else None}


async def period(conn: asyncpg.Connection, period: str, facts_consumer: str) -> dict[str, Any]:
    cut = await cuts.progress_of(conn, facts_consumer, closing_cut_id(period))
    return closing_view(await closings.closing(conn, period), period, cut)
