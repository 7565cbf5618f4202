"""The catalogue of the next six months, filtered by territory, domain and axis."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Pages

router = APIRouter()


@router.get("/catalogue", response_class=HTMLResponse)
async def catalogue_page(calls: Calls, pages: Pages, du: str = "", territoire: str = "", domaine: str = "",
                         axe: str = "") -> Response:
    start = du or date.today().isoformat()
    items = await calls.read_all("procurement", "/catalogue", **{"from": start, "territory": territoire or None,
                                                                "domain": domaine or None, "axis": axe or None})
    return pages.render("catalogue.html", {"title": "Catalogue des 6 prochains mois", "items": items, "du": start,
                                           "territoire": territoire, "domaine": domaine, "axe": axe})
