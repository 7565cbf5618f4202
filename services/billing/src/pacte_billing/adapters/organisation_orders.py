"""An organisation's orders with their money, as billing knows it: the ceiling (lowered once closed),
what counting invoices made payable and what was paid, the running accrual. Every query is scoped by
the lot holder first, so another organisation's order is simply not found."""

from __future__ import annotations

from typing import Any

import asyncpg

from pacte_platform.paging import Page, Query

_ORDERS = """SELECT o.order_id, o.lot_id, o.tender_id, o.axis, o.billing_unit, o.unit_price_cents,
                    o.amount_cents AS placed_cents, coalesce(c.amount_cents, o.amount_cents) AS committed_cents,
                    c.closed_at, coalesce(m.total, 0) AS counting_total_cents,
                    coalesce(m.payable, 0) AS invoiced_cents, coalesce(m.paid, 0) AS paid_cents,
                    coalesce(m.invoices, 0) AS invoices, coalesce(m.disputed, 0) AS disputed_invoices,
                    coalesce(a.accrued_cents, 0) AS accrued_cents, a.sequence AS accrual_sequence
             FROM orders o LEFT JOIN order_closings c USING (order_id) LEFT JOIN accruals a USING (order_id)
             LEFT JOIN LATERAL (
                 SELECT sum(total_cents) FILTER (WHERE status <> 'disputed') AS total,
                        sum(payable_cents) FILTER (WHERE status <> 'disputed') AS payable,
                        sum(payable_cents) FILTER (WHERE status = 'paid') AS paid,
                        count(*) AS invoices, count(*) FILTER (WHERE status = 'disputed') AS disputed
                 FROM invoices i WHERE i.order_id = o.order_id) m ON true"""
_MINE = "o.holder_organisation_id = $1"


async def orders(conn: asyncpg.Connection, organisation_id: str, *, lot_id: str | None, closed: bool | None,
                 cursor: str | None, limit: int) -> Page:
    q = Query(_ORDERS, [("o.order_id", "text")], [_MINE], [organisation_id])
    q.where("o.lot_id = {}", lot_id).where("(c.order_id IS NOT NULL) = {}", closed)
    return await q.page(conn, cursor, limit)


async def order(conn: asyncpg.Connection, organisation_id: str, order_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"{_ORDERS} WHERE {_MINE} AND o.order_id = $2", organisation_id, order_id)
    return None if row is None else dict(row)


async def holds_invoice(conn: asyncpg.Connection, organisation_id: str, invoice_id: str) -> bool:
    return bool(await conn.fetchval(
        """SELECT EXISTS (SELECT 1 FROM invoices i JOIN orders o USING (order_id)
                          WHERE i.invoice_id = $2 AND o.holder_organisation_id = $1)""",
        organisation_id, invoice_id))
