"""Finance's billing: invoices filtered and paginated by billing, bulk approve and pay, billing's ceiling
alerts, closing a period and following it, and the month's accounting export."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from pacte_gateway import formatting
from pacte_gateway.commands import refusal_text
from pacte_gateway.dependencies import Calls, CheckedForm, Command, Pages
from pacte_gateway.forms import safe_next, text
from pacte_gateway.upstream import UpstreamError

router = APIRouter()
PAGE = 50
#: The list's filters: the page's French query names and billing's.
FILTERS = {"statut": "status", "periode": "period", "organisme": "organisation_id", "axe": "axis",
           "marche": "tender_id"}


def previous_month() -> str:
    """The period finance usually closes: last month."""
    today = date.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


@router.get("/facturation", response_class=HTMLResponse)
async def billing_page(request: Request, calls: Calls, pages: Pages) -> Response:
    chosen = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    after = request.query_params.get("apres") or None
    listed, alerts = await asyncio.gather(
        calls.read("billing", "/back-office/invoices", **{FILTERS[k]: v for k, v in chosen.items()}, cursor=after,
                   limit=PAGE),
        calls.read("billing", "/back-office/ceiling-alerts", limit=20))
    kept = {k: v for k, v in chosen.items() if v}
    following = listed["next_cursor"]
    return pages.render("billing.html", {
        "title": "Facturation", "invoices": listed["items"], "count": listed["count"], "filters": chosen,
        "filtered": bool(kept), "here": _url(kept, after), "first_page": _url(kept) if after else None,
        "next_page": _url(kept, following) if following else None,
        "alerts": alerts["items"], "more_alerts": alerts["next_cursor"] is not None,
        "default_period": previous_month(), "today_iso": date.today().isoformat()})


def _url(filters: dict[str, str], after: str | None = None) -> str:
    query = urlencode({**filters, **({"apres": after} if after else {})})
    return "/facturation" + (f"?{query}" if query else "")


def bulk_message(verb: str, answer: dict[str, Any]) -> tuple[str, str]:
    """The flash of a bulk command: how many moved, and each refusal with its reason."""
    refused = [r for r in answer["results"] if r["outcome"] != "done"]
    text_ = f"{answer['done']} facture{'s' if answer['done'] > 1 else ''} {verb}{'s' if answer['done'] > 1 else ''}."
    if refused:
        text_ += " Refusées : " + " ; ".join(f"{r['invoice_id']} ({r['code']} : {r['detail']})" for r in refused)
    return ("error" if refused else "ok"), text_


async def _bulk(form: CheckedForm, calls: Calls, pages: Pages, path: str, body: dict[str, Any],
                verb: str) -> Response:
    back = safe_next(str(form.get("retour") or "/facturation"))
    if not body["invoice_ids"]:
        return pages.flash(pages.redirect(back), "error", "Cochez au moins une facture.")
    try:
        answer = await calls.send("billing", path, body, idempotency_key=str(form.get("idem") or "") or None)
    except UpstreamError as exc:
        return pages.flash(pages.redirect(back), "error", refusal_text(exc))
    return pages.flash(pages.redirect(back), *bulk_message(verb, answer))


@router.post("/facturation/approbations")
async def approve_many(form: CheckedForm, calls: Calls, pages: Pages) -> Response:
    return await _bulk(form, calls, pages, "/back-office/invoices/approve",
                       {"invoice_ids": [str(v) for v in form.getlist("facture")]}, "approuvée")


@router.post("/facturation/paiements")
async def pay_many(form: CheckedForm, calls: Calls, pages: Pages) -> Response:
    body = {"invoice_ids": [str(v) for v in form.getlist("facture")], "payment_reference": text(form, "reference"),
            "paid_on": text(form, "paid_on")}
    return await _bulk(form, calls, pages, "/back-office/invoices/pay", body, "payée")


@router.get("/facturation/export")
async def accounting_export(calls: Calls, mois: str = "", du: str = "", au: str = "", format: str = "csv",
                            decimales: str = ",") -> Response:
    """The accounting export, relayed as billing streams it (never held whole in memory here either). The month
    is `mois`, not the list's `periode`: both forms are on one page, and their fields' ids must differ."""
    upstream = await calls.open_stream("billing", "/back-office/exports/accounting", period=mois or None,
                                       **{"from": du or None, "to": au or None}, format=format,
                                       decimal=decimales if format == "csv" else None)
    return StreamingResponse(_relay(upstream), media_type=upstream.headers.get("content-type"),
                             headers={"Content-Disposition": upstream.headers.get("content-disposition", "attachment")})


async def _relay(upstream: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in upstream.aiter_raw():
            yield chunk
    finally:
        await upstream.aclose()


@router.post("/facturation/periodes")
async def close_period(command: Command) -> Response:
    period = text(command.form, "period")
    return await command.send("billing", f"/periods/{quote(period)}/close", None,
                              done=f"/facturation/periodes/{quote(period)}", failure_to="/facturation",
                              success=f"Clôture de {formatting.period(period)} demandée.")


@router.get("/facturation/periodes/{period}", response_class=HTMLResponse)
async def period_page(period: str, calls: Calls, pages: Pages) -> Response:
    closing, listed = await asyncio.gather(calls.read("billing", f"/periods/{quote(period)}"),
                                           calls.read("billing", "/back-office/invoices", period=period, limit=PAGE))
    return pages.render("period.html", {"title": f"Période {formatting.period(period)}", "closing": closing,
                                        "invoices": listed["items"], "count": listed["count"],
                                        "more": f"/facturation?periode={quote(period)}"
                                                if listed["next_cursor"] else None})


@router.get("/facturation/periodes/{period}/statut", response_class=HTMLResponse)
async def period_status(period: str, request: Request, calls: Calls, pages: Pages) -> Response:
    """The closing's status, polled by htmx while the closing waits for indicators and milestones."""
    closing = await calls.read("billing", f"/periods/{quote(period)}")
    response = pages.render("_period_status.html", {"closing": closing})
    if closing["status"] == "closed" and request.headers.get("hx-request"):
        response.headers["HX-Refresh"] = "true"  # the invoices list below changes: reload the whole page
    return response
