"""Reads of the integration API: its sessions, a session's declarations, a trainee found by the
organisation's own id, the refusal log.

A trainee is found through the keyed lookup (HMAC of the organisation and its trainee id): the id
itself is neither stored nor logged, and another organisation's trainee with the same id is another
lookup, so it is simply not found.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pacte_attendance.adapters import organisation_reads, pseudonyms
from pacte_attendance.adapters import refusals as refusal_log
from pacte_contracts.rules import canonical_quantity
from pacte_platform.paging import Page

from .context import Context


def session_view(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "hours_per_day": canonical_quantity(row["hours_per_day"]),
            "planned_days": sorted(row["planned_days"] or [])}


def declaration_view(row: dict[str, Any]) -> dict[str, Any]:
    return {"session_id": row["session_id"], "kind": row["kind"], "trainee": row["trainee"],
            "trainer_id": row["trainer_id"], "date": row["date"], "revision": row["revision"],
            "withdrawn": row["withdrawn"], "value": row["value"], "declared_at": row["declared_at"]}


async def sessions(ctx: Context, organisation_id: str, *, order_id: str | None, lot_id: str | None,
                   cancelled: bool | None, cursor: str | None, limit: int) -> Page:
    async with ctx.pool.acquire() as conn:
        page = await organisation_reads.sessions(conn, organisation_id, order_id=order_id, lot_id=lot_id,
                                                 cancelled=cancelled, cursor=cursor, limit=limit)
    return page.map(session_view)


async def declarations(ctx: Context, organisation_id: str, session_id: str, *, kind: str | None,
                       trainee: str | None, cursor: str | None, limit: int) -> Page | None:
    async with ctx.pool.acquire() as conn:
        if not await organisation_reads.holds_session(conn, organisation_id, session_id):
            return None
        page = await organisation_reads.declarations(conn, session_id, kind=kind, trainee=trainee, cursor=cursor,
                                                     limit=limit)
    return page.map(declaration_view)


async def trainee(ctx: Context, organisation_id: str, trainee_id: str) -> dict[str, Any] | None:
    lookup = ctx.pseudonymizer.lookup(organisation_id, trainee_id)
    async with ctx.pool.acquire() as conn:
        found = await pseudonyms.find(conn, ctx.pseudonymizer.key_version, [lookup])
        if lookup not in found:
            return None
        rows = await organisation_reads.trainee_declarations(conn, organisation_id, found[lookup])
    return {"trainee": found[lookup], "declarations": [declaration_view(r) for r in rows]}


async def refusals(ctx: Context, organisation_id: str, *, session_id: str | None, command: str | None,
                   reason: str | None, since: datetime | None, cursor: str | None, limit: int) -> Page:
    async with ctx.pool.acquire() as conn:
        return await refusal_log.page(conn, organisation_id, session_id=session_id, command=command, reason=reason,
                                      since=since, cursor=cursor, limit=limit)
