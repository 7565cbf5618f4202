"""`order.close`: the buyer closes an order; billing lowers its amount to what it has earned so far."""

from __future__ import annotations

from typing import Any

import asyncpg

from pacte_billing.adapters import invoices, ledger, orders, quantities
from pacte_billing.domain.commands import CloseOrder
from pacte_billing.domain.orders import OrderStanding, decide_close_order
from pacte_contracts.billing import OrderClosed
from pacte_contracts.refusals import check
from pacte_platform.commands import Caller

from .accrual import accrued_now
from .context import Context, record


async def standing(conn: asyncpg.Connection, order_id: str) -> OrderStanding | None:
    terms = (await orders.order_terms(conn, [order_id])).get(order_id)
    if terms is None:
        return None
    billed = (await quantities.billed_so_far(conn, [order_id]))[order_id]
    return OrderStanding(order_id, terms.amount_cents, terms.closed, bool(await invoices.disputed(conn, order_id)),
                         billed.payable_cents, (await accrued_now(conn, [order_id]))[order_id])


async def close_order(ctx: Context, command: CloseOrder, caller: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work() as conn:
        await ledger.lock_ledger(conn)  # what it earned is read as no issuing or fact batch moves it
        closed = check(decide_close_order(await standing(conn, command.order_id)))
        terms = (await orders.order_terms(conn, [command.order_id]))[command.order_id]
        await orders.record_closings(conn, [orders.OrderClosing(
            closed.order_id, closed.previous_amount_cents, closed.amount_cents, closed.released_cents, caller.subject)])
        view = await orders.order_view(conn, command.order_id)
        await record(conn, caller, action=command.NAME, entity="order", entity_id=command.order_id, after=view,
                     emitted=[OrderClosed(order_id=closed.order_id, lot_id=terms.lot_id, tender_id=terms.tender_id,
                                          previous_amount_cents=closed.previous_amount_cents,
                                          amount_cents=closed.amount_cents, released_cents=closed.released_cents)])
    assert view is not None
    return view
