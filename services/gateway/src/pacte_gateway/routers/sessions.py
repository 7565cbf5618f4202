"""Buyers' training sessions: the list, scheduling one on an order, cancelling one."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway.dependencies import Calls, Command, Pages
from pacte_gateway.forms import integer, number, safe_next, text, weekdays

router = APIRouter()


@router.get("/sessions", response_class=HTMLResponse)
async def sessions_page(calls: Calls, pages: Pages) -> Response:
    sessions, orders = await asyncio.gather(calls.read_all("procurement", "/sessions"),
                                            calls.read_all("procurement", "/orders"))
    return pages.render("sessions.html", {"title": "Sessions", "sessions": sessions, "orders": orders})


@router.post("/sessions")
async def schedule_session(command: Command) -> Response:
    form = command.form
    session_id = text(form, "session_id")
    starts, ends = text(form, "starts_on"), text(form, "ends_on")
    planned = text(form, "planned_days").replace(",", " ").split() or weekdays(starts, ends)
    body = {"session_id": session_id, "order_id": text(form, "order_id"), "starts_on": starts, "ends_on": ends,
            "planned_days": planned, "hours_per_day": number(form, "hours_per_day"),
            "capacity": integer(form, "capacity"), "place": text(form, "place")}
    return await command.send("procurement", "/sessions", body,
                              done=safe_next(str(form.get("retour") or "/sessions")),
                              success=f"Session {session_id} programmée ({len(planned)} jours).")


@router.post("/sessions/{session_id}/annulation")
async def cancel_session(session_id: str, command: Command) -> Response:
    return await command.send("procurement", f"/sessions/{quote(session_id)}/cancel", {"session_id": session_id},
                              done=safe_next(str(command.form.get("retour") or "/sessions")),
                              success=f"Session {session_id} annulée.")
