"""Read side: what the back-office lists and shows, with keyset (cursor) pagination
(`pacte_platform.paging`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from pacte_contracts.rules import canonical_quantity
from pacte_platform.paging import Page, Query
from pacte_procurement.domain import catalogue_window
from pacte_procurement.domain.model import SessionStatus


def _money_view(row: dict[str, Any]) -> dict[str, Any]:
    row["remaining_cents"] = row["budget_cents"] - row["committed_cents"]
    return row


# --- tenders -------------------------------------------------------------------------------------

_TENDER_SELECT = """SELECT tender_id, reference, title, axis, procedure, budget_cents, committed_cents, starts_on,
                           ends_on, status FROM tenders"""


def tender_view(row: dict[str, Any]) -> dict[str, Any]:
    return _money_view(row)


async def tender(conn: asyncpg.Connection, tender_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"{_TENDER_SELECT} WHERE tender_id = $1", tender_id)
    return None if row is None else tender_view(dict(row))


async def tenders(conn: asyncpg.Connection, *, axis: str | None, status: str | None,
                  cursor: str | None, limit: int) -> Page:
    q = Query(_TENDER_SELECT, [("tender_id", "text")], [], [])
    q.where("axis = {}", axis).where("status = {}", status)
    page = await q.page(conn, cursor, limit)
    return Page([tender_view(r) for r in page.items], page.next_cursor)


# --- lots ----------------------------------------------------------------------------------------

_LOT_SELECT = """SELECT l.lot_id, l.tender_id, t.axis, l.number, l.title, l.territory, l.domain, l.action_type,
                        l.billing_unit, l.unit_price_cents, l.session_capacity, l.return_to_work_bonus_cents,
                        l.continuity_bonus_cents, l.additional_modules, l.vat_rate, l.status, l.holder_id,
                        COALESCE(o.name, l.holder_name) AS holder_name, l.members
                 FROM lots l JOIN tenders t USING (tender_id)
                 LEFT JOIN organisations o ON o.organisation_id = l.holder_id"""


async def lot(conn: asyncpg.Connection, lot_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"{_LOT_SELECT} WHERE l.lot_id = $1", lot_id)
    return None if row is None else dict(row)


async def lots(conn: asyncpg.Connection, *, tender_id: str | None, status: str | None, territory: str | None,
               domain: str | None, holder_id: str | None, cursor: str | None, limit: int) -> Page:
    q = Query(_LOT_SELECT, [("l.lot_id", "text")], [], [])
    q.where("l.tender_id = {}", tender_id).where("l.status = {}", status).where("l.territory = {}", territory)
    q.where("l.domain = {}", domain).where("{} = ANY(l.members)", holder_id)
    return await q.page(conn, cursor, limit)


# --- orders --------------------------------------------------------------------------------------

_ORDER_SELECT = """SELECT o.order_id, o.lot_id, o.tender_id, t.axis, o.holder_id, o.amount_cents, o.status,
                          o.placed_at, t.budget_cents AS tender_budget_cents,
                          t.committed_cents AS tender_committed_cents
                   FROM orders o JOIN tenders t USING (tender_id)"""


def order_view(row: dict[str, Any]) -> dict[str, Any]:
    row["tender_remaining_cents"] = row["tender_budget_cents"] - row["tender_committed_cents"]
    return row


async def order(conn: asyncpg.Connection, order_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"{_ORDER_SELECT} WHERE o.order_id = $1", order_id)
    return None if row is None else order_view(dict(row))


async def orders(conn: asyncpg.Connection, *, lot_id: str | None, tender_id: str | None, holder_id: str | None,
                 cursor: str | None, limit: int) -> Page:
    q = Query(_ORDER_SELECT, [("o.order_id", "text")], [], [])
    q.where("o.lot_id = {}", lot_id).where("o.tender_id = {}", tender_id).where("o.holder_id = {}", holder_id)
    page = await q.page(conn, cursor, limit)
    return Page([order_view(r) for r in page.items], page.next_cursor)


# --- sessions ------------------------------------------------------------------------------------

_SESSION_SELECT = """SELECT s.session_id, s.order_id, s.lot_id, t.tender_id, t.axis, l.territory, l.domain,
                            l.action_type, l.title AS lot_title, s.holder_id, org.name AS holder_name,
                            s.starts_on, s.ends_on, s.planned_days, s.hours_per_day, s.capacity, s.place,
                            s.cancelled, s.revision,
                            (SELECT count(*) FROM session_enrolments e
                              WHERE e.session_id = s.session_id AND NOT e.cancelled)
                              AS enrolments
                     FROM sessions s JOIN lots l ON l.lot_id = s.lot_id JOIN tenders t ON t.tender_id = l.tender_id
                     LEFT JOIN organisations org ON org.organisation_id = s.holder_id"""


def session_view(row: dict[str, Any], today: date) -> dict[str, Any]:
    if row["cancelled"]:
        status = SessionStatus.CANCELLED
    elif today < row["starts_on"]:
        status = SessionStatus.SCHEDULED
    elif today <= row["ends_on"]:
        status = SessionStatus.RUNNING
    else:
        status = SessionStatus.FINISHED
    row["status"] = status.value
    row["hours_per_day"] = canonical_quantity(row["hours_per_day"])
    row["places_left"] = max(0, row["capacity"] - row["enrolments"])
    return row


async def session(conn: asyncpg.Connection, session_id: str, today: date) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"{_SESSION_SELECT} WHERE s.session_id = $1", session_id)
    return None if row is None else session_view(dict(row), today)


async def sessions(conn: asyncpg.Connection, *, order_id: str | None, lot_id: str | None,
                   holder_id: str | None, today: date, cursor: str | None, limit: int) -> Page:
    q = Query(_SESSION_SELECT, [("s.session_id", "text")], [], [])
    q.where("s.order_id = {}", order_id).where("s.lot_id = {}", lot_id).where("s.holder_id = {}", holder_id)
    page = await q.page(conn, cursor, limit)
    return Page([session_view(r, today) for r in page.items], page.next_cursor)


async def catalogue(conn: asyncpg.Connection, *, start: date, territory: str | None, domain: str | None,
                    axis: str | None, action_type: str | None, today: date, cursor: str | None,
                    limit: int) -> tuple[date, date, Page]:
    first, end = catalogue_window(start)
    q = Query(_SESSION_SELECT, [("s.starts_on", "date"), ("s.session_id", "text")], ["NOT s.cancelled"], [])
    q.where("s.starts_on >= {}", first).where("s.starts_on < {}", end)
    q.where("l.territory = {}", territory).where("l.domain = {}", domain).where("t.axis = {}", axis)
    q.where("l.action_type = {}", action_type)
    page = await q.page(conn, cursor, limit)
    return first, end, Page([session_view(r, today) for r in page.items], page.next_cursor)


# --- organisations, reference, budget, audit ---------------------------------------------------------

_ORGANISATION_SELECT = """SELECT o.organisation_id, o.name, o.siret, o.registered_at,
                                 CASE WHEN o.address_line_one IS NULL THEN NULL
                                      ELSE jsonb_build_object('line_one', o.address_line_one, 'line_two',
                                           o.address_line_two, 'postcode', o.postcode, 'city', o.city,
                                           'country_code', o.country_code) END AS address,
                                 o.vat_status, o.vat_number,
                                 ARRAY(SELECT l.lot_id FROM lots l WHERE o.organisation_id = ANY(l.members)
                                       ORDER BY l.lot_id) AS lots
                          FROM organisations o"""


async def organisation(conn: asyncpg.Connection, organisation_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"{_ORGANISATION_SELECT} WHERE o.organisation_id = $1", organisation_id)
    return None if row is None else dict(row)


async def organisations(conn: asyncpg.Connection, *, cursor: str | None, limit: int) -> Page:
    return await Query(_ORGANISATION_SELECT, [("o.organisation_id", "text")], [], []).page(conn, cursor, limit)


async def jobseeker_counts(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    rows = await conn.fetch("SELECT territory, count, revision, updated_at FROM jobseeker_counts ORDER BY territory")
    return [dict(r) for r in rows]


async def budget(conn: asyncpg.Connection) -> dict[str, Any]:
    """Each tender's budget, committed and remaining money: what procurement owns. Shares by axis
    against the pact's targets are the indicators service's `GET /budget`."""
    rows = await conn.fetch(
        """SELECT tender_id, reference, axis, status, budget_cents, committed_cents FROM tenders
           ORDER BY tender_id""")
    return {"tenders": [_money_view(dict(r)) for r in rows],
            "committed_cents": sum(int(r["committed_cents"]) for r in rows)}


async def audit(conn: asyncpg.Connection, *, entity: str | None, entity_id: str | None, actor: str | None,
                cursor: str | None, limit: int) -> Page:
    q = Query("""SELECT id, at, actor, role, action, entity, entity_id, before, after, correlation_id
                 FROM audit_log""", [("id", "bigint")], [], [])
    q.where("entity = {}", entity).where("entity_id = {}", entity_id).where("actor = {}", actor)
    return await q.page(conn, cursor, limit)
