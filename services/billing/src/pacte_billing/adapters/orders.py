"""Orders as billing knows them: the lot's terms carried by OrderPlaced, and the buyer's closing.

An order's `amount_cents` here is its ceiling: the amount placed, or the lowered amount once closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import asyncpg


@dataclass(frozen=True, slots=True)
class OrderTerms:
    order_id: str
    lot_id: str
    tender_id: str
    axis: str
    billing_unit: str
    unit_price_cents: int
    return_to_work_bonus_cents: int
    holder_organisation_id: str
    amount_cents: int
    closed: bool = False
    action_type: str | None = None  # None for orders recorded before migration 0005
    continuity_bonus_cents: int = 0
    #: The lot's VAT rate in percent; None: exempt (vocational training). Read only by documents.
    vat_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class OrderClosing:
    order_id: str
    previous_amount_cents: int
    amount_cents: int
    released_cents: int
    closed_by: str | None


async def record_orders(conn: asyncpg.Connection, orders: Sequence[OrderTerms]) -> None:
    if not orders:
        return
    # An order's terms never change once placed: a redelivery is a no-op.
    await conn.executemany(
        """INSERT INTO orders (order_id, lot_id, tender_id, axis, billing_unit, unit_price_cents,
                               return_to_work_bonus_cents, holder_organisation_id, amount_cents, action_type,
                               continuity_bonus_cents, vat_rate)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (order_id) DO NOTHING""",
        [(o.order_id, o.lot_id, o.tender_id, o.axis, o.billing_unit, o.unit_price_cents,
          o.return_to_work_bonus_cents, o.holder_organisation_id, o.amount_cents, o.action_type,
          o.continuity_bonus_cents, o.vat_rate) for o in orders],
    )


_TERMS = """SELECT o.order_id, o.lot_id, o.tender_id, o.axis, o.billing_unit, o.unit_price_cents,
                   o.return_to_work_bonus_cents, o.holder_organisation_id,
                   coalesce(c.amount_cents, o.amount_cents) AS amount_cents, c.order_id IS NOT NULL AS closed,
                   o.action_type, o.continuity_bonus_cents
            FROM orders o LEFT JOIN order_closings c USING (order_id)"""


async def order_terms(conn: asyncpg.Connection, order_ids: Iterable[str] | None = None) -> dict[str, OrderTerms]:
    # Batches ask about a hundred orders at a time: `IN (SELECT unnest(…))` is planned as a join, where
    # `= ANY(…)` on a small table is a scan comparing every row with every id.
    if order_ids is None:
        rows = await conn.fetch(_TERMS)
    else:
        rows = await conn.fetch(f"{_TERMS} WHERE o.order_id IN (SELECT unnest($1::text[]))", list(order_ids))
    return {r["order_id"]: OrderTerms(**dict(r)) for r in rows}


async def holder_of(conn: asyncpg.Connection, order_id: str) -> str | None:
    holder: str | None = await conn.fetchval(
        "SELECT holder_organisation_id FROM orders WHERE order_id = $1", order_id)
    return holder


async def record_closings(conn: asyncpg.Connection, closings: Sequence[OrderClosing]) -> None:
    """The first closing of an order stands: a redelivered or replayed OrderClosed changes nothing."""
    await conn.executemany(
        """INSERT INTO order_closings (order_id, previous_amount_cents, amount_cents, released_cents, closed_by)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id) DO NOTHING""",
        [(c.order_id, c.previous_amount_cents, c.amount_cents, c.released_cents, c.closed_by) for c in closings],
    )




async def budget_rows(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Committed (a closed order's lowered amount), payable of counting invoices and paid, per tender."""
    rows = await conn.fetch(
        """SELECT o.tender_id, o.axis, sum(coalesce(c.amount_cents, o.amount_cents)) AS committed_cents,
                  coalesce(sum(inv.payable), 0) AS payable_cents, coalesce(sum(inv.paid), 0) AS paid_cents
           FROM orders o LEFT JOIN order_closings c USING (order_id)
           LEFT JOIN (SELECT order_id, sum(payable_cents) FILTER (WHERE status <> 'disputed') AS payable,
                             sum(payable_cents) FILTER (WHERE status = 'paid') AS paid
                      FROM invoices GROUP BY order_id) inv USING (order_id)
           GROUP BY o.tender_id, o.axis ORDER BY o.tender_id"""
    )
    return [dict(r) for r in rows]


async def order_view(conn: asyncpg.Connection, order_id: str) -> dict[str, Any] | None:
    """An order as billing knows it: its ceiling (lowered once closed), the payable of its counting
    invoices, its running accrual, whether one of its invoices is disputed, and its closing."""
    row = await conn.fetchrow(
        """SELECT o.order_id, o.lot_id, o.tender_id, o.holder_organisation_id,
                  coalesce(c.amount_cents, o.amount_cents) AS amount_cents,
                  coalesce((SELECT sum(payable_cents) FROM invoices i
                            WHERE i.order_id = o.order_id AND i.status <> 'disputed'), 0) AS payable_cents,
                  coalesce(a.accrued_cents, 0) AS accrued_cents,
                  c.previous_amount_cents, c.released_cents, c.closed_by, c.closed_at
           FROM orders o LEFT JOIN order_closings c USING (order_id) LEFT JOIN accruals a USING (order_id)
           WHERE o.order_id = $1""", order_id)
    if row is None:
        return None
    view = dict(row)
    closing = {k: view.pop(k) for k in ("previous_amount_cents", "released_cents", "closed_by", "closed_at")}
    view["payable_cents"] = int(view["payable_cents"])
    view["status"] = "closed" if closing["closed_at"] is not None else "placed"
    view["closing"] = None if closing["closed_at"] is None else {
        **closing, "amount_cents": view["amount_cents"], "closed_at": closing["closed_at"].isoformat()}
    return view
