"""Buyers' orders: the list, placing one on an awarded lot, an order's page with its sessions and invoices."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.forms import cents, safe_next, text
from pacte_gateway.invoices import latest_versions

router = APIRouter()


@router.get("/commandes", response_class=HTMLResponse)
async def orders_page(calls: Calls, pages: Pages) -> Response:
    orders, lots = await asyncio.gather(calls.read_all("procurement", "/orders"),
                                        calls.read_all("procurement", "/lots", status="awarded"))
    return pages.render("orders.html", {"title": "Commandes", "orders": orders, "awarded_lots": lots})


@router.post("/commandes")
async def place_order(command: Command) -> Response:
    form = command.form
    order_id = text(form, "order_id")
    body = {"order_id": order_id, "lot_id": text(form, "lot_id"), "amount_cents": cents(form, "amount")}
    return await command.send("procurement", "/orders", body, done=f"/commandes/{quote(order_id)}",
                              failure_to=safe_next(str(form.get("retour") or "/commandes")),
                              success=f"Commande {order_id} passée.")


@router.get("/commandes/{order_id}", response_class=HTMLResponse)
async def order_page(order_id: str, calls: Calls, pages: Pages) -> Response:
    order, sessions, accrual, invoices = await asyncio.gather(
        calls.read("procurement", f"/orders/{quote(order_id)}"),
        calls.read_all("procurement", "/sessions", order_id=order_id),
        calls.read_optional("billing", f"/orders/{quote(order_id)}/accrual"),
        calls.read("billing", "/invoices"))
    mine = [i for i in invoices if i["order_id"] == order_id]
    invoiced = sum(i["payable_cents"] for i in latest_versions(mine))
    return pages.render("order.html", {
        "title": f"Commande {order_id}", "order": order, "sessions": sessions, "accrual": accrual,
        "invoices": mine, "invoiced": invoiced, "left_on_order": order["amount_cents"] - invoiced})
