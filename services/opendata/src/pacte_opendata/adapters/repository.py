"""SQL of the open-data service: idempotent batch writes of the public facts, and their reads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import asyncpg

from pacte_opendata.domain.model import (
    Award,
    Lot,
    Order,
    Organisation,
    Payment,
    Process,
    Tender,
    Unsuccessful,
)

Row = tuple[Any, ...]


async def _many(conn: asyncpg.Connection, sql: str, rows: Sequence[Row]) -> None:
    if rows:
        await conn.executemany(sql, rows)


async def upsert_tenders(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (tender_id, reference, title, axis, procedure, budget_cents, starts_on, ends_on, published_at)."""
    await _many(conn, """INSERT INTO tenders VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                         ON CONFLICT (tender_id) DO NOTHING""", rows)


async def close_tenders(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (tender_id, closed_at); the first closing counts."""
    await _many(conn, """INSERT INTO tender_closings VALUES ($1, $2) ON CONFLICT (tender_id)
                         DO UPDATE SET closed_at = least(tender_closings.closed_at, EXCLUDED.closed_at)""", rows)


async def upsert_lots(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (lot_id, tender_id, number, title, territory, domain, action_type, billing_unit, unit_price_cents,
    defined_at)."""
    await _many(conn, """INSERT INTO lots VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                         ON CONFLICT (lot_id) DO NOTHING""", rows)


async def decide_lots(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (lot_id, tender_id, outcome, holder_organisation_id, members, decided_at)."""
    await _many(conn, """INSERT INTO lot_decisions VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (lot_id) DO NOTHING""",
                rows)


async def insert_orders(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (order_id, lot_id, tender_id, holder_organisation_id, amount_cents, placed_at)."""
    await _many(conn, """INSERT INTO orders (order_id, lot_id, tender_id, holder_organisation_id, amount_cents,
                                             placed_at)
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (order_id) DO NOTHING""", rows)


async def insert_registrations(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (organisation_id, registered_at, name, siret)."""
    await _many(conn, """INSERT INTO organisation_registrations VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""",
                rows)


async def insert_payments(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (invoice_id, version, order_id, period, paid_cents, paid_at)."""
    await _many(conn, """INSERT INTO payments VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""", rows)


async def insert_order_closings(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (order_id, lowered amount_cents, closed_at); a closing is final."""
    await _many(conn, """INSERT INTO order_closings VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""", rows)


async def store_indicators(conn: asyncpg.Connection, computed_at: Any, facts_version: int,
                           scopes: list[dict[str, Any]]) -> bool:
    """Keeps the newest publication (by computed_at, then facts version); True when it replaced one."""
    status = await conn.execute(
        """INSERT INTO public_indicators (computed_at, facts_version, scopes) VALUES ($1, $2, $3::jsonb)
           ON CONFLICT (singleton) DO UPDATE SET computed_at = EXCLUDED.computed_at,
               facts_version = EXCLUDED.facts_version, scopes = EXCLUDED.scopes
           WHERE (public_indicators.computed_at, public_indicators.facts_version)
                 < (EXCLUDED.computed_at, EXCLUDED.facts_version)""",
        computed_at, facts_version, json.dumps(scopes, ensure_ascii=False))
    return bool(status.endswith("1"))


async def stored_indicators(conn: asyncpg.Connection) -> asyncpg.Record | None:
    row: asyncpg.Record | None = await conn.fetchrow(
        "SELECT computed_at, facts_version, scopes FROM public_indicators")
    return row


async def touch(conn: asyncpg.Connection, dataset: str) -> None:
    await conn.execute("UPDATE datasets SET version = version + 1, modified_at = now() WHERE name = $1", dataset)


async def dataset_state(conn: asyncpg.Connection, dataset: str) -> asyncpg.Record:
    row: asyncpg.Record = await conn.fetchrow("SELECT version, modified_at FROM datasets WHERE name = $1", dataset)
    return row


async def organisation_names(conn: asyncpg.Connection) -> dict[str, str]:
    rows = await conn.fetch("""SELECT DISTINCT ON (organisation_id) organisation_id, name
                               FROM organisation_registrations ORDER BY organisation_id, registered_at DESC""")
    return {r["organisation_id"]: r["name"] for r in rows}


async def processes(conn: asyncpg.Connection) -> list[Process]:
    """Every published tender with what followed it (the facts that arrived before their tender wait)."""
    registrations: dict[str, list[Organisation]] = {}
    for r in await conn.fetch("SELECT * FROM organisation_registrations ORDER BY organisation_id, registered_at"):
        registrations.setdefault(r["organisation_id"], []).append(
            Organisation(r["organisation_id"], r["name"], r["siret"], r["registered_at"]))
    lots = _grouped(await conn.fetch("SELECT * FROM lots ORDER BY number, lot_id"), lambda r: Lot(
        r["lot_id"], r["tender_id"], r["number"], r["title"], r["territory"], r["domain"], r["action_type"],
        r["billing_unit"], r["unit_price_cents"], r["defined_at"]))
    decisions = await conn.fetch("SELECT * FROM lot_decisions ORDER BY decided_at, lot_id")
    awards = _grouped([r for r in decisions if r["outcome"] == "awarded"], lambda r: Award(
        r["lot_id"], r["tender_id"], r["holder_organisation_id"], tuple(r["members"]), r["decided_at"]))
    unsuccessful = _grouped([r for r in decisions if r["outcome"] == "unsuccessful"], lambda r: Unsuccessful(
        r["lot_id"], r["tender_id"], r["decided_at"]))
    orders = _grouped(await conn.fetch(
        """SELECT o.*, c.amount_cents AS closed_amount_cents, c.closed_at
           FROM orders o LEFT JOIN order_closings c USING (order_id) ORDER BY o.placed_at, o.order_id"""),
        lambda r: Order(r["order_id"], r["lot_id"], r["tender_id"], r["holder_organisation_id"], r["amount_cents"],
                        r["placed_at"], r["closed_amount_cents"], r["closed_at"]))
    payments = _grouped(await conn.fetch(
        """SELECT p.*, o.tender_id FROM payments p JOIN orders o USING (order_id)
           ORDER BY p.paid_at, p.invoice_id, p.version"""), lambda r: Payment(
        r["invoice_id"], r["version"], r["order_id"], r["period"], r["paid_cents"], r["paid_at"]))
    tenders = await conn.fetch("""SELECT t.*, c.closed_at FROM tenders t LEFT JOIN tender_closings c USING (tender_id)
                                  ORDER BY t.tender_id""")
    return [Process(
        tender=Tender(t["tender_id"], t["reference"], t["title"], t["axis"], t["procedure"], t["budget_cents"],
                      t["starts_on"], t["ends_on"], t["published_at"], t["closed_at"]),
        lots=lots.get(t["tender_id"], ()), awards=awards.get(t["tender_id"], ()),
        unsuccessful=unsuccessful.get(t["tender_id"], ()), orders=orders.get(t["tender_id"], ()),
        payments=payments.get(t["tender_id"], ()),
        registrations={k: tuple(v) for k, v in registrations.items()},
    ) for t in tenders]


def _grouped(rows: Sequence[asyncpg.Record], build: Any) -> dict[str, tuple[Any, ...]]:
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row["tender_id"], []).append(build(row))
    return {k: tuple(v) for k, v in grouped.items()}
