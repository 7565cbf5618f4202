"""Buyers' tenders: the list, publishing one, its page with its lots, defining a lot, closing it."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.forms import cents, integer, lines, text

router = APIRouter()


@router.get("/appels-offres", response_class=HTMLResponse)
async def tenders_page(calls: Calls, pages: Pages) -> Response:
    tenders = await calls.read_all("procurement", "/tenders")
    return pages.render("tenders.html", {"title": "Appels d'offres", "tenders": tenders})


@router.post("/appels-offres")
async def publish_tender(command: Command) -> Response:
    form = command.form
    tender_id = text(form, "tender_id")
    body = {"tender_id": tender_id, "reference": text(form, "reference"), "title": text(form, "title"),
            "axis": text(form, "axis"), "procedure": text(form, "procedure"), "budget_cents": cents(form, "budget"),
            "starts_on": text(form, "starts_on"), "ends_on": text(form, "ends_on")}
    return await command.send("procurement", "/tenders", body, done=f"/appels-offres/{quote(tender_id)}",
                              failure_to="/appels-offres", success=f"Appel d'offres {tender_id} publié.")


@router.get("/appels-offres/{tender_id}", response_class=HTMLResponse)
async def tender_page(tender_id: str, calls: Calls, pages: Pages) -> Response:
    tender, lots = await asyncio.gather(calls.read("procurement", f"/tenders/{quote(tender_id)}"),
                                        calls.read_all("procurement", "/lots", tender_id=tender_id))
    return pages.render("tender.html", {"title": f"Appel d'offres {tender['reference']}", "tender": tender,
                                        "lots": lots})


@router.post("/appels-offres/{tender_id}/lots")
async def define_lot(tender_id: str, command: Command) -> Response:
    form = command.form
    lot_id = text(form, "lot_id")
    body = {"lot_id": lot_id, "tender_id": tender_id, "number": integer(form, "number"), "title": text(form, "title"),
            "territory": text(form, "territory"), "domain": text(form, "domain"),
            "action_type": text(form, "action_type"), "billing_unit": text(form, "billing_unit"),
            "unit_price_cents": cents(form, "unit_price"), "session_capacity": integer(form, "session_capacity"),
            "return_to_work_bonus_cents": cents(form, "return_to_work_bonus"),
            "additional_modules": lines(form, "additional_modules"), "vat_rate": text(form, "vat_rate") or None}
    return await command.send("procurement", "/lots", body, done=f"/lots/{quote(lot_id)}",
                              failure_to=f"/appels-offres/{quote(tender_id)}", success=f"Lot {lot_id} défini.")


@router.post("/appels-offres/{tender_id}/cloture")
async def close_tender(tender_id: str, command: Command) -> Response:
    return await command.send("procurement", f"/tenders/{quote(tender_id)}/close", None,
                              done=f"/appels-offres/{quote(tender_id)}", success=f"Appel d'offres {tender_id} clos.")
