"""What an organisation reads of the buying side with its API key: the lots it holds or is a member
of, and its sessions in the rolling catalogue. Every query is scoped by the organisation first, so
another organisation's lot is simply not found."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from pacte_platform.paging import Page, Query
from pacte_procurement.domain import catalogue_window

from .queries import session_view

_LOTS = """SELECT l.lot_id, l.tender_id, t.axis, l.number, l.title, l.territory, l.domain, l.action_type,
                  l.billing_unit, l.unit_price_cents, l.session_capacity, l.return_to_work_bonus_cents,
                  l.additional_modules, l.status, l.holder_id, l.members,
                  CASE WHEN l.holder_id = $1 THEN 'holder' ELSE 'member' END AS role,
                  (SELECT count(*) FROM orders o WHERE o.lot_id = l.lot_id) AS orders,
                  (SELECT count(*) FROM sessions s WHERE s.lot_id = l.lot_id) AS sessions
           FROM lots l JOIN tenders t USING (tender_id)"""
_MINE = "(l.holder_id = $1 OR $1 = ANY(l.members))"

_SESSIONS = """SELECT s.session_id, s.order_id, s.lot_id, t.tender_id, t.axis, l.territory, l.domain,
                      l.action_type, l.title AS lot_title, s.holder_id, org.name AS holder_name,
                      s.starts_on, s.ends_on, s.planned_days, s.hours_per_day, s.capacity, s.place,
                      s.cancelled, s.revision,
                      (SELECT count(*) FROM session_enrolments e
                        WHERE e.session_id = s.session_id AND NOT e.cancelled) AS enrolments
               FROM sessions s JOIN lots l ON l.lot_id = s.lot_id JOIN tenders t ON t.tender_id = l.tender_id
               LEFT JOIN organisations org ON org.organisation_id = s.holder_id"""


async def lots(conn: asyncpg.Connection, organisation_id: str, *, status: str | None, tender_id: str | None,
               cursor: str | None, limit: int) -> Page:
    q = Query(_LOTS, [("l.lot_id", "text")], [_MINE], [organisation_id])
    q.where("l.status = {}", status).where("l.tender_id = {}", tender_id)
    return await q.page(conn, cursor, limit)


async def lot(conn: asyncpg.Connection, organisation_id: str, lot_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"{_LOTS} WHERE {_MINE} AND l.lot_id = $2", organisation_id, lot_id)
    return None if row is None else dict(row)


async def catalogue(conn: asyncpg.Connection, organisation_id: str, *, start: date, lot_id: str | None,
                    today: date, cursor: str | None, limit: int) -> tuple[date, date, Page]:
    """Its sessions published in the 6-month rolling window from `start`, as prescribers see them."""
    first, end = catalogue_window(start)
    q = Query(_SESSIONS, [("s.starts_on", "date"), ("s.session_id", "text")],
              ["NOT s.cancelled", "s.holder_id = $1"], [organisation_id])
    q.where("s.starts_on >= {}", first).where("s.starts_on < {}", end).where("s.lot_id = {}", lot_id)
    page = await q.page(conn, cursor, limit)
    return first, end, page.map(lambda row: session_view(row, today))
