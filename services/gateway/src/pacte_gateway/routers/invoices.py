"""Finance's invoices: one invoice with its versions, the facts behind a line, approve, pay, re-issue."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.invoices import invoice_id_of

router = APIRouter()
FACTS_PAGE = 200


@router.get("/factures/{invoice_id}", response_class=HTMLResponse)
async def invoice_page(invoice_id: str, calls: Calls, pages: Pages) -> Response:
    invoice = await calls.read("billing", f"/invoices/{quote(invoice_id)}")
    order_id, period = invoice["order_id"], invoice["period"]
    order, listed = await asyncio.gather(calls.read_optional("billing", f"/orders/{quote(order_id)}"),
                                         calls.read("billing", "/invoices"))
    numbers = sorted(i["version"] for i in listed if i["order_id"] == order_id and i["period"] == period)
    # Each version in full: its status, its dispute's reason and date, the version replacing it.
    versions = await asyncio.gather(*(calls.read("billing", f"/invoices/{quote(invoice_id_of(order_id, period, n))}")
                                      for n in numbers))
    return pages.render("invoice.html", {"title": f"Facture {invoice_id}", "invoice": invoice, "order": order,
                                         "versions": versions, "is_latest": invoice["replaced_by"] is None})


@router.get("/factures/{invoice_id}/lignes/{n}/faits", response_class=HTMLResponse)
async def invoice_line_facts(invoice_id: str, n: int, calls: Calls, pages: Pages, apres: int = 0) -> Response:
    facts = await calls.read("billing", f"/invoices/{quote(invoice_id)}/lines/{n}/facts", after=apres or None,
                             limit=FACTS_PAGE)
    return pages.render("_facts.html", {"facts": facts, "invoice_id": invoice_id, "n": n})


async def decide_invoice(invoice_id: str, verb: str, success: str, command: Command, calls: Calls) -> Response:
    """Billing addresses an invoice by order and period; a re-issue lands on the next version's page."""
    invoice = await calls.read("billing", f"/invoices/{quote(invoice_id)}")
    order_id, period = invoice["order_id"], invoice["period"]
    done = f"/factures/{quote(invoice_id)}"
    if verb == "reissue":
        done = f"/factures/{quote(invoice_id_of(order_id, period, invoice['version'] + 1))}"
    return await command.send("billing", f"/orders/{quote(order_id)}/invoices/{quote(period)}/{verb}", None,
                              done=done, failure_to=f"/factures/{quote(invoice_id)}", success=success)


@router.post("/factures/{invoice_id}/approbation")
async def approve_invoice(invoice_id: str, command: Command, calls: Calls) -> Response:
    return await decide_invoice(invoice_id, "approve", f"Facture {invoice_id} approuvée.", command, calls)


@router.post("/factures/{invoice_id}/paiement")
async def pay_invoice(invoice_id: str, command: Command, calls: Calls) -> Response:
    return await decide_invoice(invoice_id, "pay", f"Facture {invoice_id} payée.", command, calls)


@router.post("/factures/{invoice_id}/reemission")
async def reissue_invoice(invoice_id: str, command: Command, calls: Calls) -> Response:
    return await decide_invoice(invoice_id, "reissue",
                                f"Facture {invoice_id} ré-émise en nouvelle version à partir des faits connus.",
                                command, calls)
