"""Buyers' orders: the list, placing one on an awarded lot, an order's page with its sessions and invoices."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.forms import cents, safe_next, text

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
    order, sessions, billed, invoices = await asyncio.gather(
        calls.read("procurement", f"/orders/{quote(order_id)}"),
        calls.read_all("procurement", "/sessions", order_id=order_id),
        calls.read_optional("billing", f"/orders/{quote(order_id)}"),
        calls.read_all("billing", "/back-office/invoices", order_id=order_id))
    # Billing knows the ceiling (lowered once closed), the payable of the counting invoices and the accrual.
    ceiling = billed["amount_cents"] if billed else order["amount_cents"]
    payable = billed["payable_cents"] if billed else 0
    return pages.render("order.html", {
        "title": f"Commande {order_id}", "order": order, "sessions": sessions, "billed": billed,
        "invoices": invoices, "ceiling": ceiling, "payable": payable,
        "left_on_order": ceiling - payable})


@router.post("/commandes/{order_id}/cloture")
async def close_order(order_id: str, command: Command) -> Response:
    """The buyer closes the order: billing lowers its amount to what it has earned and releases the rest."""
    return await command.send("billing", f"/orders/{quote(order_id)}/close", None, done=f"/commandes/{quote(order_id)}",
                              success=f"Commande {order_id} clôturée : son montant est ramené à ce qu'elle a "
                                      "rapporté, le reste est rendu au budget de l'appel d'offres.")
