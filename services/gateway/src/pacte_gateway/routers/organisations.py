"""Buyers' registry of training organisations: the legal data self-billed invoices name them with (SIRET,
address, VAT standing), registered in procurement."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.forms import text

router = APIRouter()


@router.get("/organismes", response_class=HTMLResponse)
async def organisations_page(calls: Calls, pages: Pages, modifier: str = "") -> Response:
    organisations = await calls.read_all("procurement", "/organisations")
    editing = next((o for o in organisations if o["organisation_id"] == modifier), None)
    return pages.render("organisations.html", {"title": "Organismes de formation", "organisations": organisations,
                                               "editing": editing})


def registration(form: Any) -> dict[str, Any]:
    """procurement's `organisation.register`: what the form leaves blank keeps what was registered."""
    body: dict[str, Any] = {"organisation_id": text(form, "organisation_id"), "name": text(form, "name")}
    optional = {"siret": text(form, "siret").replace(" ", ""), "vat_status": text(form, "vat_status"),
                "vat_number": text(form, "vat_number").replace(" ", "").upper()}
    body.update({k: v for k, v in optional.items() if v})
    if text(form, "line_one"):
        body["address"] = {"line_one": text(form, "line_one"), "line_two": text(form, "line_two") or None,
                           "postcode": text(form, "postcode"), "city": text(form, "city")}
    return body


@router.post("/organismes")
async def register_organisation(command: Command) -> Response:
    body = registration(command.form)
    return await command.send("procurement", "/organisations", body, done="/organismes",
                              failure_to=f"/organismes?modifier={body['organisation_id']}",
                              success=f"Organisme {body['organisation_id']} enregistré.")
