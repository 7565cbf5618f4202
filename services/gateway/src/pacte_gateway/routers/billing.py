"""Finance's billing: invoices by status and period with ceiling alerts, closing a period and following it."""

from __future__ import annotations

import asyncio
from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from pacte_gateway import formatting
from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.forms import text
from pacte_gateway.invoices import ceiling_alerts

router = APIRouter()


def previous_month() -> str:
    """The period finance usually closes: last month."""
    today = date.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


@router.get("/facturation", response_class=HTMLResponse)
async def billing_page(calls: Calls, pages: Pages, statut: str = "", periode: str = "") -> Response:
    invoices, orders = await asyncio.gather(calls.read("billing", "/invoices"),
                                            calls.read_all("procurement", "/orders"))
    shown = [i for i in invoices if (not statut or i["status"] == statut) and (not periode or i["period"] == periode)]
    return pages.render("billing.html", {
        "title": "Facturation", "invoices": shown, "all_count": len(invoices), "statut": statut, "periode": periode,
        "alerts": ceiling_alerts(invoices, orders), "default_period": previous_month()})


@router.post("/facturation/periodes")
async def close_period(command: Command) -> Response:
    period = text(command.form, "period")
    return await command.send("billing", f"/periods/{quote(period)}/close", None,
                              done=f"/facturation/periodes/{quote(period)}", failure_to="/facturation",
                              success=f"Clôture de {formatting.period(period)} demandée.")


@router.get("/facturation/periodes/{period}", response_class=HTMLResponse)
async def period_page(period: str, calls: Calls, pages: Pages) -> Response:
    closing, invoices = await asyncio.gather(calls.read("billing", f"/periods/{quote(period)}"),
                                             calls.read("billing", "/invoices"))
    return pages.render("period.html", {"title": f"Période {formatting.period(period)}", "closing": closing,
                                        "invoices": [i for i in invoices if i["period"] == period]})


@router.get("/facturation/periodes/{period}/statut", response_class=HTMLResponse)
async def period_status(period: str, request: Request, calls: Calls, pages: Pages) -> Response:
    """The closing's status, polled by htmx while the closing waits for indicators and milestones."""
    closing = await calls.read("billing", f"/periods/{quote(period)}")
    response = pages.render("_period_status.html", {"closing": closing})
    if closing["status"] == "closed" and request.headers.get("hx-request"):
        response.headers["HX-Refresh"] = "true"  # the invoices list below changes: reload the whole page
    return response
