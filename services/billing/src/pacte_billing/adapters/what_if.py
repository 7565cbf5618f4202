"""Reads of the what-if: a scope's orders and the facts of their sessions, as they stand in the ledger.

Each fact is its business key's newest revision in the append-only ledger (`facts`), so the reads hold
whatever else billing keeps beside it. Withdrawals are revisions too (rules version 2): an open day
withdrawn is a revision of quantity 0, an attendance record withdrawn with its cancelled enrolment a
revision marked ``withdrawn``, a cancelled stay a stay of status ``cancelled``; none of them counts.
Days are summed per (session, day) in SQL: no rule there, only additions; the rules are in
`domain/what_if`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from enum import StrEnum
from typing import Final

import asyncpg

from pacte_billing.domain.what_if import OrderTerms, SessionDay, SessionFacts, StaySpan
from pacte_contracts.codes import BillingUnit

from .ledger import facts_of_session


class ScopeType(StrEnum):
    LOT = "lot"
    ORGANISATION = "organisation"
    TENDER = "tender"


_SCOPE_COLUMN: Final = {ScopeType.LOT: "lot_id", ScopeType.ORGANISATION: "holder_organisation_id",
                        ScopeType.TENDER: "tender_id"}

_DAYS: Final = f"""
WITH current AS (
    -- Per session and fact type (a range of the ledger's unique index; a subquery with DISTINCT ON is
    -- not flattened, so the planner cannot trade the ranges for a scan of the whole ledger).
    SELECT c.* FROM (SELECT DISTINCT unnest($1::text[])) AS s(session_id)
    CROSS JOIN (VALUES ('open_day'), ('attendance'), ('trainer_hours')) AS t(fact_type)
    CROSS JOIN LATERAL (
        SELECT DISTINCT ON (f.business_key) f.fact_type, f.session_id, f.business_date, f.quantity,
               coalesce(f.detail ? 'withdrawn', false) AS withdrawn
        FROM facts f WHERE f.fact_type = t.fact_type AND {facts_of_session("s.session_id")}
        ORDER BY f.business_key, f.revision DESC) AS c)
SELECT session_id, business_date AS day,
       bool_or(fact_type = 'open_day' AND quantity > 0) AS declared_open,
       count(*) FILTER (WHERE fact_type = 'attendance' AND NOT withdrawn) AS attendance_records,
       count(*) FILTER (WHERE fact_type = 'attendance' AND quantity > 0) AS trainees_present,
       coalesce(sum(quantity) FILTER (WHERE fact_type = 'attendance'), 0) AS hours_present,
       coalesce(sum(quantity) FILTER (WHERE fact_type = 'trainer_hours'), 0) AS trainer_hours
FROM current
GROUP BY session_id, business_date
ORDER BY session_id, business_date
"""


async def scope_orders(conn: asyncpg.Connection, scope_type: ScopeType, scope_id: str) -> list[OrderTerms]:
    rows = await conn.fetch(f"SELECT order_id, lot_id, billing_unit, unit_price_cents FROM orders "
                            f"WHERE {_SCOPE_COLUMN[scope_type]} = $1 ORDER BY order_id", scope_id)
    return [OrderTerms(r["order_id"], r["lot_id"], BillingUnit(r["billing_unit"]), int(r["unit_price_cents"]))
            for r in rows]


async def session_facts(conn: asyncpg.Connection, orders: list[OrderTerms]) -> list[SessionFacts]:
    """The facts of every session (not cancelled) of ``orders``."""
    terms = {o.order_id: o for o in orders}
    sessions = {r["session_id"]: terms[r["order_id"]] for r in await conn.fetch(
        "SELECT session_id, order_id FROM sessions WHERE order_id IN (SELECT unnest($1::text[])) AND NOT cancelled "
        "ORDER BY session_id", list(terms))}
    ids = list(sessions)
    stays: dict[str, list[StaySpan]] = defaultdict(list)
    for r in await conn.fetch("SELECT session_id, enrolled_on, exited_on, status FROM stays "
                              "WHERE session_id IN (SELECT unnest($1::text[])) AND status <> 'cancelled'", ids):
        stays[r["session_id"]].append(StaySpan(r["enrolled_on"], r["exited_on"], r["status"] == "dropped_out"))
    days: dict[str, list[SessionDay]] = defaultdict(list)
    for r in await conn.fetch(_DAYS, ids):
        days[r["session_id"]].append(SessionDay(
            r["day"], bool(r["declared_open"]), int(r["attendance_records"]), int(r["trainees_present"]),
            Decimal(r["hours_present"]), Decimal(r["trainer_hours"])))
    return [SessionFacts(sid, order, tuple(stays[sid]), tuple(days[sid])) for sid, order in sessions.items()]


async def programme_prices(conn: asyncpg.Connection) -> dict[BillingUnit, list[int]]:
    """Each lot's price, grouped by the unit it is billed in (one per lot: orders repeat their lot's terms)."""
    prices: dict[BillingUnit, list[int]] = defaultdict(list)
    for r in await conn.fetch("SELECT DISTINCT ON (lot_id) billing_unit, unit_price_cents FROM orders "
                              "ORDER BY lot_id, order_id"):
        prices[BillingUnit(r["billing_unit"])].append(int(r["unit_price_cents"]))
    return dict(prices)
