"""Buyers' lots: the list by status, a lot's page with its orders, awarding it or declaring it unsuccessful."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.forms import lines, text

router = APIRouter()


@router.get("/lots", response_class=HTMLResponse)
async def lots_page(calls: Calls, pages: Pages, statut: str = "") -> Response:
    lots = await calls.read_all("procurement", "/lots", status=statut or None)
    return pages.render("lots.html", {"title": "Lots", "lots": lots, "statut": statut})


@router.get("/lots/{lot_id}", response_class=HTMLResponse)
async def lot_page(lot_id: str, calls: Calls, pages: Pages) -> Response:
    lot, orders = await asyncio.gather(calls.read("procurement", f"/lots/{quote(lot_id)}"),
                                       calls.read_all("procurement", "/orders", lot_id=lot_id))
    tender = await calls.read("procurement", f"/tenders/{quote(lot['tender_id'])}")
    return pages.render("lot.html", {"title": f"Lot {lot['lot_id']}", "lot": lot, "orders": orders, "tender": tender})


@router.post("/lots/{lot_id}/attribution")
async def award_lot(lot_id: str, command: Command) -> Response:
    form = command.form
    holder = text(form, "organisation_id")
    members = lines(form, "members", commas=True)
    if holder and holder not in members:
        members.insert(0, holder)  # the holder is a member of its grouping
    body = {"lot_id": lot_id, "organisation_id": holder, "organisation_name": text(form, "organisation_name"),
            "members": members}
    return await command.send("procurement", f"/lots/{quote(lot_id)}/award", body, done=f"/lots/{quote(lot_id)}",
                              success=f"Lot {lot_id} attribué à {holder}.")


@router.post("/lots/{lot_id}/infructueux")
async def declare_lot_unsuccessful(lot_id: str, command: Command) -> Response:
    return await command.send("procurement", f"/lots/{quote(lot_id)}/unsuccessful", {"lot_id": lot_id},
                              done=f"/lots/{quote(lot_id)}", success=f"Lot {lot_id} déclaré infructueux.")
