"""What an organisation reads of its money: orders with committed, invoiced, paid and remaining
amounts, the payment forecast of its running accrual, and its invoices with the facts behind a line.

The forecast applies the ceiling rule (`domain/ceiling.py`) to the accrual as if the order's invoice
were issued now: what would become payable, so an organisation can plan its cash before month end.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from pacte_billing.adapters import organisation_orders
from pacte_billing.domain.ceiling import apply_ceiling
from pacte_platform.paging import Page

from . import reads


def order_view(row: dict[str, Any]) -> dict[str, Any]:
    committed, invoiced, accrued = int(row["committed_cents"]), int(row["invoiced_cents"]), int(row["accrued_cents"])
    forecast = apply_ceiling(accrued, int(row["counting_total_cents"]), invoiced, committed)
    return {
        "order_id": row["order_id"], "lot_id": row["lot_id"], "tender_id": row["tender_id"], "axis": row["axis"],
        "billing_unit": row["billing_unit"], "unit_price_cents": row["unit_price_cents"],
        "status": "placed" if row["closed_at"] is None else "closed",
        "placed_cents": row["placed_cents"], "committed_cents": committed, "invoiced_cents": invoiced,
        "paid_cents": int(row["paid_cents"]), "remaining_cents": committed - invoiced,
        "accrued_cents": accrued, "forecast_payable_cents": forecast.payable_cents,
        "invoices": int(row["invoices"]), "disputed_invoices": int(row["disputed_invoices"]),
        "closed_at": None if row["closed_at"] is None else row["closed_at"].isoformat(),
    }


def accrual_view(row: dict[str, Any]) -> dict[str, Any]:
    view = order_view(row)
    return {"order_id": view["order_id"], "accrued_cents": view["accrued_cents"],
            "sequence": row["accrual_sequence"], "committed_cents": view["committed_cents"],
            "invoiced_cents": view["invoiced_cents"], "forecast_payable_cents": view["forecast_payable_cents"],
            "forecast_over_ceiling_cents": view["accrued_cents"] - view["forecast_payable_cents"]}


async def orders(conn: asyncpg.Connection, organisation_id: str, *, lot_id: str | None, closed: bool | None,
                 cursor: str | None, limit: int) -> Page:
    page = await organisation_orders.orders(conn, organisation_id, lot_id=lot_id, closed=closed, cursor=cursor,
                                            limit=limit)
    return page.map(order_view)


async def order(conn: asyncpg.Connection, organisation_id: str, order_id: str) -> dict[str, Any] | None:
    row = await organisation_orders.order(conn, organisation_id, order_id)
    return None if row is None else order_view(row)


async def accrual(conn: asyncpg.Connection, organisation_id: str, order_id: str) -> dict[str, Any] | None:
    row = await organisation_orders.order(conn, organisation_id, order_id)
    return None if row is None else accrual_view(row)


async def invoice(conn: asyncpg.Connection, organisation_id: str, invoice_id: str) -> dict[str, Any] | None:
    if not await organisation_orders.holds_invoice(conn, organisation_id, invoice_id):
        return None
    return await reads.invoice(conn, invoice_id)


async def line_facts(conn: asyncpg.Connection, organisation_id: str, invoice_id: str, n: int, after: int,
                     limit: int) -> dict[str, Any] | None:
    if not await organisation_orders.holds_invoice(conn, organisation_id, invoice_id):
        return None
    return await reads.line_facts(conn, invoice_id, n, after, limit)
