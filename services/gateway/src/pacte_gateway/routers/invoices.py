"""Finance's invoices: one invoice with its versions, the facts behind a line, its Factur-X document and
service-done certificate, approve, pay, re-issue."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.commands import refusal_text
from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.upstream import UpstreamError

router = APIRouter()
FACTS_PAGE = 200
#: The documents billing serves for an invoice, by the page's French name.
DOCUMENTS = {"facture.pdf": "document", "attestation.pdf": "certificate"}


@router.get("/factures/{invoice_id}", response_class=HTMLResponse)
async def invoice_page(invoice_id: str, calls: Calls, pages: Pages) -> Response:
    invoice = await calls.read("billing", f"/invoices/{quote(invoice_id)}")
    order_id, period = invoice["order_id"], invoice["period"]
    order, listed = await asyncio.gather(
        calls.read_optional("billing", f"/orders/{quote(order_id)}"),
        calls.read("billing", "/back-office/invoices", order_id=order_id, period=period, limit=500))
    # Each version in full: its status, its dispute's reason and date, the version replacing it.
    versions = await asyncio.gather(*(calls.read("billing", f"/invoices/{quote(v['invoice_id'])}")
                                      for v in sorted(listed["items"], key=lambda v: v["version"])))
    certified = any(v["certified"] for v in listed["items"] if v["invoice_id"] == invoice_id)
    return pages.render("invoice.html", {"title": f"Facture {invoice_id}", "invoice": invoice, "order": order,
                                         "versions": versions, "is_latest": invoice["replaced_by"] is None,
                                         "certified": certified})


@router.get("/factures/{invoice_id}/lignes/{n}/faits", response_class=HTMLResponse)
async def invoice_line_facts(invoice_id: str, n: int, calls: Calls, pages: Pages, apres: int = 0) -> Response:
    facts = await calls.read("billing", f"/invoices/{quote(invoice_id)}/lines/{n}/facts", after=apres or None,
                             limit=FACTS_PAGE)
    return pages.render("_facts.html", {"facts": facts, "invoice_id": invoice_id, "n": n})


async def decide_invoice(invoice_id: str, verb: str, success: str, command: Command, calls: Calls) -> Response:
    """Billing addresses an invoice by order and period; a re-issue lands on the version replacing it."""
    invoice = await calls.read("billing", f"/invoices/{quote(invoice_id)}")
    order_id, period = invoice["order_id"], invoice["period"]
    done = f"/factures/{quote(invoice_id)}" + ("/remplacante" if verb == "reissue" else "")
    return await command.send("billing", f"/orders/{quote(order_id)}/invoices/{quote(period)}/{verb}", None,
                              done=done, failure_to=f"/factures/{quote(invoice_id)}", success=success)


@router.get("/factures/{invoice_id}/remplacante")
async def replacing_version(invoice_id: str, calls: Calls, pages: Pages) -> Response:
    """The version that replaced a disputed one, as billing names it."""
    invoice = await calls.read("billing", f"/invoices/{quote(invoice_id)}")
    return pages.redirect(f"/factures/{quote(invoice['replaced_by'] or invoice_id)}")


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


@router.get("/factures/{invoice_id}/{name}")
async def invoice_document(invoice_id: str, name: str, calls: Calls, pages: Pages) -> Response:
    """The Factur-X invoice or the attestation de service fait, as billing stored it; when it cannot be made
    yet (the organisation's SIRET is not registered, the invoice is not approved), back to the invoice."""
    if name not in DOCUMENTS:
        return Response(status_code=404)
    try:
        answer = await calls.download("billing", f"/invoices/{quote(invoice_id)}/{DOCUMENTS[name]}")
    except UpstreamError as exc:
        if exc.status != 409:
            raise
        return pages.flash(pages.redirect(f"/factures/{quote(invoice_id)}"), "error", refusal_text(exc))
    return Response(answer.content, media_type="application/pdf",
                    headers={"Content-Disposition": answer.headers.get("content-disposition", "attachment")})
