"""Write side: loads and stores the domain's aggregates with asyncpg (no ORM).

Every function takes the caller's connection, so one command is one transaction. `for_update`
locks the row for the rest of that transaction where a rule reads then writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import asyncpg

from pacte_contracts.codes import ActionType, Axis, BillingUnit, Domain, Procedure, Territory, VatStatus
from pacte_procurement.domain import (
    JobseekerReference,
    Lot,
    LotStatus,
    Order,
    OrderStatus,
    Organisation,
    PostalAddress,
    Session,
    Tender,
    TenderStatus,
)


def _lock(for_update: bool) -> str:
    return " FOR UPDATE" if for_update else ""


# --- tenders -------------------------------------------------------------------------------------

def tender_from_row(row: asyncpg.Record) -> Tender:
    return Tender(
        tender_id=row["tender_id"], reference=row["reference"], title=row["title"], axis=Axis(row["axis"]),
        procedure=Procedure(row["procedure"]), budget_cents=row["budget_cents"], starts_on=row["starts_on"],
        ends_on=row["ends_on"], status=TenderStatus(row["status"]),
    )


async def get_tender(conn: asyncpg.Connection, tender_id: str, *, for_update: bool = False,
                     for_share: bool = False) -> Tender | None:
    lock = " FOR SHARE" if for_share and not for_update else _lock(for_update)
    row = await conn.fetchrow(f"SELECT * FROM tenders WHERE tender_id = $1{lock}", tender_id)
    return None if row is None else tender_from_row(row)


async def lock_tender_budget(conn: asyncpg.Connection, tender_id: str) -> tuple[Tender, int] | None:
    """The tender and its committed sum, row locked until the transaction ends."""
    row = await conn.fetchrow("SELECT * FROM tenders WHERE tender_id = $1 FOR UPDATE", tender_id)
    return None if row is None else (tender_from_row(row), int(row["committed_cents"]))


async def tender_exists(conn: asyncpg.Connection, tender_id: str) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM tenders WHERE tender_id = $1)", tender_id))


async def insert_tender(conn: asyncpg.Connection, t: Tender) -> None:
    await conn.execute(
        """INSERT INTO tenders (tender_id, reference, title, axis, procedure, budget_cents, starts_on, ends_on,
                                status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        t.tender_id, t.reference, t.title, t.axis.value, t.procedure.value, t.budget_cents, t.starts_on,
        t.ends_on, t.status.value,
    )


async def set_tender_status(conn: asyncpg.Connection, tender_id: str, status: TenderStatus) -> None:
    await conn.execute("UPDATE tenders SET status = $2 WHERE tender_id = $1", tender_id, status.value)


async def add_committed(conn: asyncpg.Connection, tender_id: str, amount_cents: int) -> int:
    return int(await conn.fetchval(
        "UPDATE tenders SET committed_cents = committed_cents + $2 WHERE tender_id = $1 RETURNING committed_cents",
        tender_id, amount_cents,
    ))


# --- lots ----------------------------------------------------------------------------------------

def lot_from_row(row: asyncpg.Record) -> Lot:
    return Lot(
        lot_id=row["lot_id"], tender_id=row["tender_id"], number=row["number"], title=row["title"],
        territory=Territory(row["territory"]), domain=Domain(row["domain"]),
        action_type=ActionType(row["action_type"]), billing_unit=BillingUnit(row["billing_unit"]),
        unit_price_cents=row["unit_price_cents"], session_capacity=row["session_capacity"],
        return_to_work_bonus_cents=row["return_to_work_bonus_cents"],
        additional_modules=tuple(row["additional_modules"]), status=LotStatus(row["status"]),
        holder_id=row["holder_id"], holder_name=row["holder_name"], members=tuple(row["members"]),
        continuity_bonus_cents=row["continuity_bonus_cents"],
        vat_rate=row["vat_rate"],
    )


async def get_lot(conn: asyncpg.Connection, lot_id: str, *, for_update: bool = False,
                  for_share: bool = False) -> Lot | None:
    lock = " FOR SHARE" if for_share and not for_update else _lock(for_update)
    row = await conn.fetchrow(f"SELECT * FROM lots WHERE lot_id = $1{lock}", lot_id)
    return None if row is None else lot_from_row(row)


async def lot_exists(conn: asyncpg.Connection, lot_id: str) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM lots WHERE lot_id = $1)", lot_id))


async def insert_lot(conn: asyncpg.Connection, lot: Lot) -> None:
    await conn.execute(
        """INSERT INTO lots (lot_id, tender_id, number, title, territory, domain, action_type, billing_unit,
                             unit_price_cents, session_capacity, return_to_work_bonus_cents, additional_modules,
                             status, continuity_bonus_cents, vat_rate)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)""",
        lot.lot_id, lot.tender_id, lot.number, lot.title, lot.territory.value, lot.domain.value,
        lot.action_type.value, lot.billing_unit.value, lot.unit_price_cents, lot.session_capacity,
        lot.return_to_work_bonus_cents, list(lot.additional_modules), lot.status.value, lot.continuity_bonus_cents,
        lot.vat_rate,
    )


async def save_lot_decision(conn: asyncpg.Connection, lot: Lot) -> None:
    await conn.execute(
        """UPDATE lots SET status = $2, holder_id = $3, holder_name = $4, members = $5, decided_at = clock_timestamp()
           WHERE lot_id = $1""",
        lot.lot_id, lot.status.value, lot.holder_id, lot.holder_name, list(lot.members),
    )


# --- organisations ---------------------------------------------------------------------------------

_ORGANISATION_COLUMNS = """organisation_id, name, siret, address_line_one, address_line_two, postcode, city,
                          country_code, vat_status, vat_number"""


def _organisation(row: asyncpg.Record) -> Organisation:
    address = None if row["address_line_one"] is None else PostalAddress(
        row["address_line_one"], row["address_line_two"], row["postcode"], row["city"], row["country_code"])
    return Organisation(row["organisation_id"], row["name"], row["siret"], address,
                        VatStatus(row["vat_status"]) if row["vat_status"] else None, row["vat_number"])


async def get_organisation(conn: asyncpg.Connection, organisation_id: str,
                           *, for_update: bool = False) -> Organisation | None:
    row = await conn.fetchrow(
        f"SELECT {_ORGANISATION_COLUMNS} FROM organisations WHERE organisation_id = $1{_lock(for_update)}",
        organisation_id,
    )
    return None if row is None else _organisation(row)


async def known_organisations(conn: asyncpg.Connection, ids: Iterable[str]) -> dict[str, Organisation]:
    rows = await conn.fetch(
        f"SELECT {_ORGANISATION_COLUMNS} FROM organisations WHERE organisation_id = ANY($1::text[])", list(ids),
    )
    return {r["organisation_id"]: _organisation(r) for r in rows}


async def upsert_organisations(conn: asyncpg.Connection, organisations: Sequence[Organisation]) -> None:
    """The entries as decided: a name always wins; legal data already known is kept when absent (an
    award names only the holder)."""
    def column(get: Any) -> list[Any]:
        return [get(o) for o in organisations]

    await conn.execute(
        """INSERT INTO organisations AS o (organisation_id, name, siret, address_line_one, address_line_two, postcode,
                                           city, country_code, vat_status, vat_number)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                $8::text[], $9::text[], $10::text[])
           ON CONFLICT (organisation_id) DO UPDATE
             SET name = EXCLUDED.name, siret = COALESCE(EXCLUDED.siret, o.siret),
                 address_line_one = COALESCE(EXCLUDED.address_line_one, o.address_line_one),
                 address_line_two = CASE WHEN EXCLUDED.address_line_one IS NULL THEN o.address_line_two
                                         ELSE EXCLUDED.address_line_two END,
                 postcode = COALESCE(EXCLUDED.postcode, o.postcode), city = COALESCE(EXCLUDED.city, o.city),
                 country_code = COALESCE(EXCLUDED.country_code, o.country_code),
                 vat_status = COALESCE(EXCLUDED.vat_status, o.vat_status),
                 vat_number = CASE WHEN EXCLUDED.vat_status IS NULL THEN o.vat_number ELSE EXCLUDED.vat_number END,
                 updated_at = clock_timestamp()""",
        column(lambda o: o.organisation_id), column(lambda o: o.name), column(lambda o: o.siret),
        column(lambda o: o.address and o.address.line_one), column(lambda o: o.address and o.address.line_two),
        column(lambda o: o.address and o.address.postcode), column(lambda o: o.address and o.address.city),
        column(lambda o: o.address and o.address.country_code),
        column(lambda o: o.vat_status and o.vat_status.value), column(lambda o: o.vat_number),
    )


# --- orders --------------------------------------------------------------------------------------

def order_from_row(row: asyncpg.Record) -> Order:
    return Order(order_id=row["order_id"], lot_id=row["lot_id"], tender_id=row["tender_id"],
                 holder_id=row["holder_id"], amount_cents=row["amount_cents"], status=OrderStatus(row["status"]))


async def get_order(conn: asyncpg.Connection, order_id: str) -> Order | None:
    row = await conn.fetchrow("SELECT * FROM orders WHERE order_id = $1", order_id)
    return None if row is None else order_from_row(row)


async def order_exists(conn: asyncpg.Connection, order_id: str) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM orders WHERE order_id = $1)", order_id))


async def insert_order(conn: asyncpg.Connection, o: Order) -> None:
    await conn.execute(
        """INSERT INTO orders (order_id, lot_id, tender_id, holder_id, amount_cents, status)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        o.order_id, o.lot_id, o.tender_id, o.holder_id, o.amount_cents, o.status.value,
    )


async def close_order(conn: asyncpg.Connection, order_id: str, amount_cents: int) -> None:
    """Lowers a placed order to `amount_cents` and gives the difference back to its tender's budget."""
    await conn.execute(
        """WITH closed AS (
               UPDATE orders SET status = 'closed', amount_before_closing_cents = amount_cents,
                                 amount_cents = $2, closed_at = clock_timestamp()
               WHERE order_id = $1 AND status = 'placed'
               RETURNING tender_id, amount_before_closing_cents - amount_cents AS released_cents)
           UPDATE tenders t SET committed_cents = t.committed_cents - closed.released_cents
           FROM closed WHERE t.tender_id = closed.tender_id""",
        order_id, amount_cents,
    )


# --- sessions ------------------------------------------------------------------------------------

def session_from_row(row: asyncpg.Record) -> Session:
    return Session(
        session_id=row["session_id"], order_id=row["order_id"], lot_id=row["lot_id"], holder_id=row["holder_id"],
        starts_on=row["starts_on"], ends_on=row["ends_on"], planned_days=tuple(row["planned_days"]),
        hours_per_day=row["hours_per_day"], capacity=row["capacity"], place=row["place"],
        cancelled=row["cancelled"],
    )


async def get_session(conn: asyncpg.Connection, session_id: str,
                      *, for_update: bool = False) -> tuple[Session, int] | None:
    """The session and its revision."""
    row = await conn.fetchrow(f"SELECT * FROM sessions WHERE session_id = $1{_lock(for_update)}", session_id)
    return None if row is None else (session_from_row(row), int(row["revision"]))


async def session_exists(conn: asyncpg.Connection, session_id: str) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM sessions WHERE session_id = $1)", session_id))


async def insert_session(conn: asyncpg.Connection, s: Session) -> None:
    await conn.execute(
        """INSERT INTO sessions (session_id, order_id, lot_id, holder_id, starts_on, ends_on, planned_days,
                                 hours_per_day, capacity, place)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        s.session_id, s.order_id, s.lot_id, s.holder_id, s.starts_on, s.ends_on, list(s.planned_days),
        s.hours_per_day, s.capacity, s.place,
    )


async def save_rescheduled(conn: asyncpg.Connection, s: Session) -> int:
    return int(await conn.fetchval(
        """UPDATE sessions SET starts_on = $2, ends_on = $3, planned_days = $4, hours_per_day = $5, capacity = $6,
                               place = $7, revision = revision + 1, updated_at = clock_timestamp()
           WHERE session_id = $1 RETURNING revision""",
        s.session_id, s.starts_on, s.ends_on, list(s.planned_days), s.hours_per_day, s.capacity, s.place,
    ))


async def mark_cancelled(conn: asyncpg.Connection, session_id: str) -> None:
    await conn.execute("UPDATE sessions SET cancelled = true, updated_at = clock_timestamp() WHERE session_id = $1",
                       session_id)


async def enrolment_count(conn: asyncpg.Connection, session_id: str) -> int:
    return int(await conn.fetchval(
        "SELECT count(*) FROM session_enrolments WHERE session_id = $1 AND NOT cancelled", session_id))


async def record_stays(conn: asyncpg.Connection, stays: Sequence[tuple[str, str, int, bool]]) -> None:
    """(session_id, trainee_key, stay revision, cancelled): the newest revision of each pair wins."""
    if not stays:
        return
    await conn.execute(
        """INSERT INTO session_enrolments (session_id, trainee_key, revision, cancelled)
           SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::boolean[])
           ON CONFLICT (session_id, trainee_key) DO UPDATE
           SET revision = EXCLUDED.revision, cancelled = EXCLUDED.cancelled
           WHERE session_enrolments.revision < EXCLUDED.revision""",
        [s[0] for s in stays], [s[1] for s in stays], [s[2] for s in stays], [s[3] for s in stays],
    )


# --- reference -----------------------------------------------------------------------------------

async def set_jobseeker_count(conn: asyncpg.Connection, ref: JobseekerReference) -> tuple[int | None, int]:
    """Stores the count; returns (previous count, new revision).

    One statement, so two concurrent first loads of a territory still get distinct revisions.
    """
    row = await conn.fetchrow(
        """WITH previous AS (SELECT count FROM jobseeker_counts WHERE territory = $1)
           INSERT INTO jobseeker_counts (territory, count, revision) VALUES ($1, $2, 1)
           ON CONFLICT (territory) DO UPDATE SET count = EXCLUDED.count, revision = jobseeker_counts.revision + 1,
                                                 updated_at = clock_timestamp()
           RETURNING revision, (SELECT count FROM previous) AS previous""",
        ref.territory.value, ref.count,
    )
    assert row is not None
    return (None if row["previous"] is None else int(row["previous"])), int(row["revision"])


def as_dict(record: asyncpg.Record | None) -> dict[str, Any] | None:
    return None if record is None else dict(record)
