"""Invoices: issued once and never changed (only their status moves), versions of an (order, period)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from pacte_billing.domain.invoicing import InvoiceLine
from pacte_billing.domain.lifecycle import Latest
from pacte_contracts.codes import InvoiceStatus, LineKind


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
    reissued: bool
    issued_at: datetime
    status_changed_at: datetime
    lines: list[InvoiceLine]


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
    reissued: bool = False


def invoice_id_for(order_id: str, period: str, version: int) -> str:
    return f"INV-{order_id}-{period}-v{version}"


async def insert_invoices(conn: asyncpg.Connection, invoices: Sequence[NewInvoice]) -> None:
    if not invoices:
        return
    await conn.executemany(
        """INSERT INTO invoices (invoice_id, order_id, period, version, status, total_cents, payable_cents,
                                 over_ceiling_cents, fact_watermark, reissued)
           VALUES ($1, $2, $3, $4, 'issued', $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING""",
        [(i.invoice_id, i.order_id, i.period, i.version, i.total_cents, i.payable_cents, i.over_ceiling_cents,
          i.fact_watermark, i.reissued) for i in invoices],
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


_COLUMNS = """i.invoice_id, i.order_id, i.period, i.version, i.status, i.total_cents, i.payable_cents,
    i.over_ceiling_cents, i.fact_watermark, i.dispute_reason, i.reissued, i.issued_at, i.status_changed_at"""


_LINES = "SELECT invoice_id, kind, origin_period, ref, quantity, unit_price_cents, amount_cents FROM invoice_lines"


async def load_invoices(conn: asyncpg.Connection, *, invoice_id: str | None = None, holder: str | None = None,
                        order_id: str | None = None, period: str | None = None) -> list[StoredInvoice]:
    """Invoices with their lines, sorted by (order_id, period, version)."""
    clauses, args = [], []
    for column, value in (("i.invoice_id", invoice_id), ("i.order_id", order_id), ("i.period", period)):
        if value is not None:
            args.append(value)
            clauses.append(f"{column} = ${len(args)}")
    if holder is not None:
        args.append(holder)
        clauses.append(f"i.order_id IN (SELECT order_id FROM orders WHERE holder_organisation_id = ${len(args)})")
    where = " AND ".join(clauses) or "true"
    heads = await conn.fetch(
        f"SELECT {_COLUMNS} FROM invoices i WHERE {where} ORDER BY i.order_id, i.period, i.version", *args)
    if not heads:
        return []
    by_invoice: dict[str, list[InvoiceLine]] = defaultdict(list)
    # Every invoice asked: every line read, rather than 40,000 ids sent back to select them (a version's
    # lines are written with it, so a version issued in between only adds lines nobody asked for).
    lines = await conn.fetch(_LINES + " ORDER BY invoice_id, n") if not args else await conn.fetch(
        _LINES + " WHERE invoice_id IN (SELECT unnest($1::text[])) ORDER BY invoice_id, n",
        [h["invoice_id"] for h in heads])
    for r in lines:
        by_invoice[r["invoice_id"]].append(InvoiceLine(LineKind(r["kind"]), r["origin_period"], r["ref"],
                                                       r["quantity"], r["unit_price_cents"], r["amount_cents"]))
    return [StoredInvoice(**dict(h), lines=by_invoice.get(h["invoice_id"], [])) for h in heads]


async def latest(conn: asyncpg.Connection, order_id: str, period: str) -> Latest | None:
    """The latest version of an (order, period), locked: its status moves in the caller's transaction."""
    row = await conn.fetchrow(
        """SELECT invoice_id, version, status FROM invoices WHERE order_id = $1 AND period = $2
           ORDER BY version DESC LIMIT 1 FOR UPDATE""", order_id, period)
    return None if row is None else Latest(row["invoice_id"], row["version"], InvoiceStatus(row["status"]))


async def set_status(conn: asyncpg.Connection, invoice_id: str, status: InvoiceStatus,
                     dispute_reason: str | None = None) -> None:
    await conn.execute(
        """UPDATE invoices SET status = $2, dispute_reason = coalesce($3, dispute_reason),
                               status_changed_at = now() WHERE invoice_id = $1""",
        invoice_id, status.value, dispute_reason,
    )


async def disputed(conn: asyncpg.Connection, order_id: str | None = None) -> list[tuple[str, str]]:
    """(order, period) whose latest version is disputed, in (order_id, period) order."""
    rows = await conn.fetch(
        """SELECT i.order_id, i.period FROM invoices i
           WHERE i.status = 'disputed' AND ($1::text IS NULL OR i.order_id = $1)
             AND NOT EXISTS (SELECT 1 FROM invoices j WHERE j.order_id = i.order_id AND j.period = i.period
                             AND j.version > i.version)
           ORDER BY i.order_id, i.period""", order_id)
    return [(r["order_id"], r["period"]) for r in rows]


async def latest_versions(conn: asyncpg.Connection, period: str, order_ids: Sequence[str]) -> dict[str, int]:
    rows = await conn.fetch(
        """SELECT order_id, max(version) AS v FROM invoices
           WHERE period = $1 AND order_id IN (SELECT unnest($2::text[])) GROUP BY order_id""", period, list(order_ids))
    return {r["order_id"]: int(r["v"]) for r in rows}


async def previous_watermark(conn: asyncpg.Connection, invoice: StoredInvoice) -> int | None:
    """Watermark of the order's invoice issued just before this one: facts above it are new here."""
    value = await conn.fetchval(
        "SELECT max(fact_watermark) FROM invoices WHERE order_id = $1 AND issued_at < $2",
        invoice.order_id, invoice.issued_at,
    )
    return None if value is None else int(value)


async def record_approval(conn: asyncpg.Connection, invoice_id: str, approved_by: str) -> None:
    await conn.execute("INSERT INTO approvals (invoice_id, approved_by) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                       invoice_id, approved_by)


async def record_payment(conn: asyncpg.Connection, invoice_id: str, reference: str | None, paid_on: date,
                         recorded_by: str) -> None:
    await conn.execute(
        """INSERT INTO payments (invoice_id, reference, paid_on, recorded_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING""", invoice_id, reference, paid_on, recorded_by)


async def latest_of(conn: asyncpg.Connection, invoice_ids: Sequence[str]) -> dict[str, Latest]:
    """For each invoice id asked, the latest version of its (order, period), locked in invoice-id order (so
    two bulk commands never deadlock); unknown ids are left out."""
    rows = await conn.fetch(
        """SELECT invoice_id, order_id, period, version, status FROM invoices
           WHERE (order_id, period) IN (SELECT order_id, period FROM invoices WHERE invoice_id = ANY($1::text[]))
           ORDER BY invoice_id FOR UPDATE""", list(invoice_ids))
    newest: dict[tuple[str, str], asyncpg.Record] = {}
    for r in rows:
        key = (r["order_id"], r["period"])
        if key not in newest or newest[key]["version"] < r["version"]:
            newest[key] = r
    slot = {r["invoice_id"]: (r["order_id"], r["period"]) for r in rows}
    return {invoice_id: Latest(n["invoice_id"], n["version"], InvoiceStatus(n["status"]))
            for invoice_id in invoice_ids if invoice_id in slot for n in [newest[slot[invoice_id]]]}
