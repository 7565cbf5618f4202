"""SQL of invoices, closings and accruals, and the set-based reads that feed the invoicing rules.

Quantities are aggregated in PostgreSQL per (order, kind, origin period) for all the orders at
once; the pure domain then turns each order's handful of groups into lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from pacte_billing.adapters.ledger import OrderTerms
from pacte_billing.domain.invoicing import CurrentQuantity, InvoiceLine, IssuedLine
from pacte_contracts.codes import LineKind


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    invoice_id: str
    order_id: str
    period: str
    version: int
    status: str
    total_cents: int
    payable_cents: int
    over_ceiling_cents: int
    fact_watermark: int | None
    dispute_reason: str | None
    issued_at: datetime
    lines: list[InvoiceLine]


def invoice_id_for(order_id: str, period: str, version: int) -> str:
    return f"INV-{order_id}-{period}-v{version}"


# Batches ask about a hundred orders at a time: `IN (SELECT unnest(…))` is planned as a join, where
# `= ANY(…)` on a small table is a scan comparing every row with every id.


async def order_terms(conn: asyncpg.Connection, order_ids: Iterable[str] | None = None) -> dict[str, OrderTerms]:
    if order_ids is None:
        rows = await conn.fetch("SELECT * FROM orders")
    else:
        rows = await conn.fetch("SELECT * FROM orders WHERE order_id IN (SELECT unnest($1::text[]))", list(order_ids))
    return {r["order_id"]: OrderTerms(**dict(r)) for r in rows}


# BILLING.md's "What each billing unit pays" and "Bonuses", over the current version of each business
# key, in one statement for all the orders asked: each branch is one kind of line. The reference model
# in tests/oracle/quantities.py states the same rules in Python; a differential test keeps them equal.
_CURRENT_QUANTITIES = """
SELECT s.order_id, h.kind, h.origin_period, NULL::text AS ref, sum(h.quantity) AS quantity,
       o.unit_price_cents AS price
FROM hour_totals h JOIN sessions s USING (session_id) JOIN orders o ON o.order_id = s.order_id
WHERE s.order_id IN (SELECT unnest($1::text[])) AND h.kind = o.billing_unit
GROUP BY s.order_id, h.kind, h.origin_period, o.unit_price_cents
UNION ALL
-- A declared day is billable when someone is active on it (BILLING.md "Who is active"), recomputed
-- from the current stays, so a late enrolment turns an earlier day billable.
SELECT s.order_id, 'opening_day', to_char(d.day, 'YYYY-MM'), NULL, count(*), o.unit_price_cents
FROM open_days d JOIN sessions s USING (session_id) JOIN orders o ON o.order_id = s.order_id
WHERE s.order_id IN (SELECT unnest($1::text[])) AND o.billing_unit = 'opening_day'
  AND EXISTS (SELECT 1 FROM stays st WHERE st.session_id = d.session_id AND st.enrolled_on <= d.day
              AND (st.exited_on IS NULL OR st.exited_on >= d.day))
GROUP BY s.order_id, to_char(d.day, 'YYYY-MM'), o.unit_price_cents
UNION ALL
-- Once per (trainee, session): the outcome table holds one current row per key.
SELECT s.order_id, 'return_to_work', to_char(oc.observed_on, 'YYYY-MM'), NULL, count(*),
       o.return_to_work_bonus_cents
FROM outcomes oc JOIN stays st USING (session_id, trainee_key) JOIN sessions s USING (session_id)
JOIN orders o ON o.order_id = s.order_id
WHERE s.order_id IN (SELECT unnest($1::text[])) AND oc.months_after_exit = 6
  AND oc.status = 'employed_durable' AND st.status = 'completed' AND o.return_to_work_bonus_cents <> 0
GROUP BY s.order_id, to_char(oc.observed_on, 'YYYY-MM'), o.return_to_work_bonus_cents
UNION ALL
-- One line per achieved milestone, in the period of its achievement; a bonus of 0 produces none.
SELECT order_id, 'milestone', to_char(achieved_on, 'YYYY-MM'), milestone_id, 1, bonus_cents
FROM milestone_bonuses
WHERE order_id IN (SELECT unnest($1::text[])) AND bonus_cents <> 0
"""


async def current_quantities(conn: asyncpg.Connection,
                             terms: dict[str, OrderTerms]) -> dict[str, list[CurrentQuantity]]:
    """Cumulative quantities known now per order, every period, in the order's own unit and prices."""
    out: dict[str, list[CurrentQuantity]] = defaultdict(list)
    if terms:
        for r in await conn.fetch(_CURRENT_QUANTITIES, list(terms)):
            out[r["order_id"]].append(CurrentQuantity(LineKind(r["kind"]), r["origin_period"], r["ref"],
                                                      Decimal(r["quantity"]), int(r["price"])))
    return out


@dataclass(frozen=True, slots=True)
class BilledSoFar:
    lines: list[IssuedLine]
    lines_total_cents: int
    payable_cents: int


async def billed_so_far(conn: asyncpg.Connection, order_ids: Iterable[str]) -> dict[str, BilledSoFar]:
    """What the order's invoices that still count (not disputed) billed."""
    ids = list(order_ids)
    lines: dict[str, list[IssuedLine]] = defaultdict(list)
    for r in await conn.fetch(
        """SELECT i.order_id, l.kind, l.origin_period, l.ref, l.quantity, l.unit_price_cents, l.amount_cents
           FROM invoice_lines l JOIN invoices i USING (invoice_id)
           WHERE i.order_id IN (SELECT unnest($1::text[])) AND i.status <> 'disputed'""",
        ids,
    ):
        lines[r["order_id"]].append(IssuedLine(LineKind(r["kind"]), r["origin_period"], r["ref"], r["quantity"],
                                               r["unit_price_cents"], r["amount_cents"]))
    totals = {
        r["order_id"]: (int(r["total"]), int(r["payable"]))
        for r in await conn.fetch(
            """SELECT order_id, sum(total_cents) AS total, sum(payable_cents) AS payable FROM invoices
               WHERE order_id IN (SELECT unnest($1::text[])) AND status <> 'disputed' GROUP BY order_id""",
            ids,
        )
    }
    return {
        order_id: BilledSoFar(lines.get(order_id, []), *totals.get(order_id, (0, 0)))
        for order_id in ids
    }


async def pending_disputes(conn: asyncpg.Connection, up_to_period: str | None) -> list[tuple[str, str, int]]:
    """Disputed invoices not yet replaced: (order, period, version), oldest period first."""
    rows = await conn.fetch(
        """SELECT i.order_id, i.period, i.version FROM invoices i
           WHERE i.status = 'disputed' AND ($1::text IS NULL OR i.period <= $1)
             AND NOT EXISTS (SELECT 1 FROM invoices j WHERE j.order_id = i.order_id AND j.period = i.period
                             AND j.version > i.version)
           ORDER BY i.period, i.order_id""",
        up_to_period,
    )
    return [(r["order_id"], r["period"], r["version"]) for r in rows]


async def next_version(conn: asyncpg.Connection, order_id: str, period: str) -> int:
    return int(await conn.fetchval(
        "SELECT coalesce(max(version), 0) + 1 FROM invoices WHERE order_id = $1 AND period = $2", order_id, period))


@dataclass(frozen=True, slots=True)
class NewInvoice:
    invoice_id: str
    order_id: str
    period: str
    version: int
    lines: Sequence[InvoiceLine]
    total_cents: int
    payable_cents: int
    over_ceiling_cents: int
    fact_watermark: int | None
    status: str = "issued"


async def insert_invoices(conn: asyncpg.Connection, invoices: Sequence[NewInvoice]) -> None:
    if not invoices:
        return
    await conn.executemany(
        """INSERT INTO invoices (invoice_id, order_id, period, version, status, total_cents, payable_cents,
                                 over_ceiling_cents, fact_watermark)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING""",
        [(i.invoice_id, i.order_id, i.period, i.version, i.status, i.total_cents, i.payable_cents,
          i.over_ceiling_cents, i.fact_watermark) for i in invoices],
    )
    records = [
        (i.invoice_id, n, str(line.kind), line.origin_period, line.ref, line.quantity, line.unit_price_cents,
         line.amount_cents)
        for i in invoices for n, line in enumerate(i.lines, start=1)
    ]
    if records:
        await conn.executemany(
            """INSERT INTO invoice_lines (invoice_id, n, kind, origin_period, ref, quantity, unit_price_cents,
                                          amount_cents)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING""",
            records,
        )


_INVOICE_COLUMNS = """i.invoice_id, i.order_id, i.period, i.version, i.status, i.total_cents, i.payable_cents,
    i.over_ceiling_cents, i.fact_watermark, i.dispute_reason, i.issued_at"""


async def load_invoices(conn: asyncpg.Connection, *, invoice_id: str | None = None, holder: str | None = None,
                        order_id: str | None = None, period: str | None = None,
                        for_update: bool = False) -> list[StoredInvoice]:
    clauses, args = [], []
    for column, value in (("i.invoice_id", invoice_id), ("i.order_id", order_id), ("i.period", period)):
        if value is not None:
            args.append(value)
            clauses.append(f"{column} = ${len(args)}")
    if holder is not None:
        args.append(holder)
        clauses.append(f"i.order_id IN (SELECT order_id FROM orders WHERE holder_organisation_id = ${len(args)})")
    where = " AND ".join(clauses) or "true"
    lock = " FOR UPDATE" if for_update else ""
    heads = await conn.fetch(
        f"SELECT {_INVOICE_COLUMNS} FROM invoices i WHERE {where} ORDER BY i.order_id, i.period, i.version{lock}",
        *args,
    )
    if not heads:
        return []
    by_invoice: dict[str, list[InvoiceLine]] = defaultdict(list)
    for r in await conn.fetch(
        """SELECT invoice_id, kind, origin_period, ref, quantity, unit_price_cents, amount_cents
           FROM invoice_lines WHERE invoice_id IN (SELECT unnest($1::text[])) ORDER BY invoice_id, n""",
        [h["invoice_id"] for h in heads],
    ):
        by_invoice[r["invoice_id"]].append(InvoiceLine(LineKind(r["kind"]), r["origin_period"], r["ref"],
                                                       r["quantity"], r["unit_price_cents"], r["amount_cents"]))
    return [StoredInvoice(**dict(h), lines=by_invoice.get(h["invoice_id"], [])) for h in heads]


async def latest_invoice(conn: asyncpg.Connection, order_id: str, period: str) -> StoredInvoice | None:
    row = await conn.fetchrow(
        "SELECT invoice_id FROM invoices WHERE order_id = $1 AND period = $2 ORDER BY version DESC LIMIT 1",
        order_id, period,
    )
    if row is None:
        return None
    found = await load_invoices(conn, invoice_id=row["invoice_id"], for_update=True)
    return found[0] if found else None


async def set_status(conn: asyncpg.Connection, invoice_id: str, status: str, dispute_reason: str | None = None) -> None:
    await conn.execute(
        """UPDATE invoices SET status = $2, dispute_reason = coalesce($3, dispute_reason),
                               status_changed_at = now() WHERE invoice_id = $1""",
        invoice_id, status, dispute_reason,
    )


async def previous_watermark(conn: asyncpg.Connection, invoice: StoredInvoice) -> int | None:
    """Watermark of the order's invoice issued just before this one: facts above it are new here."""
    value = await conn.fetchval(
        """SELECT max(fact_watermark) FROM invoices WHERE order_id = $1 AND issued_at < $2""",
        invoice.order_id, invoice.issued_at,
    )
    return None if value is None else int(value)


# --- Closings ---------------------------------------------------------------------------------


async def closing(conn: asyncpg.Connection, period: str, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    row: asyncpg.Record | None = await conn.fetchrow(f"SELECT * FROM closings WHERE period = $1{lock}", period)
    return row


async def start_closing(conn: asyncpg.Connection, period: str, as_of: date, requested_by: str) -> bool:
    """Records the closing as awaiting evaluation; False when one already exists."""
    inserted = await conn.fetchval(
        """INSERT INTO closings (period, status, as_of, requested_by, started_at)
           VALUES ($1, 'awaiting_milestone_evaluation', $2, $3, now())
           ON CONFLICT (period) DO NOTHING RETURNING true""",
        period, as_of, requested_by,
    )
    return bool(inserted)


async def mark_closed(conn: asyncpg.Connection, period: str, as_of: date, invoices_issued: int) -> None:
    await conn.execute(
        """INSERT INTO closings (period, status, as_of, closed_at, invoices_issued)
           VALUES ($1, 'closed', $2, now(), $3)
           ON CONFLICT (period) DO UPDATE SET status = 'closed', closed_at = coalesce(closings.closed_at, now()),
                                              invoices_issued = coalesce(closings.invoices_issued, $3)""",
        period, as_of, invoices_issued,
    )


# --- Accruals ---------------------------------------------------------------------------------


async def accruals(conn: asyncpg.Connection, order_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
    rows = await conn.fetch(
        "SELECT order_id, accrued_cents, sequence FROM accruals WHERE order_id IN (SELECT unnest($1::text[]))",
        list(order_ids))
    return {r["order_id"]: (int(r["accrued_cents"]), int(r["sequence"])) for r in rows}


async def save_accruals(conn: asyncpg.Connection, values: Sequence[tuple[str, int, int]]) -> None:
    if values:
        # One statement for the batch's orders (a fact batch touches about a hundred).
        await conn.execute(
            """INSERT INTO accruals (order_id, accrued_cents, sequence)
               SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
               ON CONFLICT (order_id) DO UPDATE SET accrued_cents = EXCLUDED.accrued_cents,
                   sequence = EXCLUDED.sequence, updated_at = now()""",
            [v[0] for v in values], [v[1] for v in values], [v[2] for v in values],
        )


async def accrued_total(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT coalesce(sum(accrued_cents), 0) FROM accruals"))


# --- Budget -----------------------------------------------------------------------------------


async def budget_rows(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        """SELECT o.tender_id, o.axis, sum(o.amount_cents) AS committed_cents,
                  coalesce(sum(inv.payable), 0) AS payable_cents, coalesce(sum(inv.paid), 0) AS paid_cents
           FROM orders o
           LEFT JOIN (SELECT order_id, sum(payable_cents) FILTER (WHERE status <> 'disputed') AS payable,
                             sum(payable_cents) FILTER (WHERE status = 'paid') AS paid
                      FROM invoices GROUP BY order_id) inv USING (order_id)
           GROUP BY o.tender_id, o.axis ORDER BY o.tender_id"""
    )
    return [dict(r) for r in rows]
