"""The back-office's invoice list and ceiling alerts: filtered in SQL, keyset-paginated.

Invoices are listed newest period first, then by order and version (newest first): the index
`invoices_by_period` serves that order, `invoices_by_status` the status filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import asyncpg

from pacte_platform.paging import BadCursor, decode_cursor, encode_cursor


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    status: str | None = None
    period: str | None = None
    organisation_id: str | None = None
    axis: str | None = None
    tender_id: str | None = None
    order_id: str | None = None


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add(self, fragment: str, value: Any) -> None:
        """`fragment` holds `{}` where the parameter goes; None is no filter."""
        if value is not None:
            self.args.append(value)
            self.clauses.append(fragment.format(f"${len(self.args)}"))

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) or "true"


def _where(f: InvoiceFilter) -> _Where:
    where = _Where()
    where.add("i.status = {}", f.status)
    where.add("i.period = {}", f.period)
    where.add("o.holder_organisation_id = {}", f.organisation_id)
    where.add("o.axis = {}", f.axis)
    where.add("o.tender_id = {}", f.tender_id)
    where.add("i.order_id = {}", f.order_id)
    return where


_INVOICES = """
SELECT i.invoice_id, i.order_id, i.period, i.version, i.status, i.total_cents, i.payable_cents,
       i.over_ceiling_cents, i.reissued, i.issued_at, o.lot_id, o.tender_id, o.axis,
       o.holder_organisation_id AS organisation_id, g.name AS organisation_name,
       NOT EXISTS (SELECT 1 FROM invoices n WHERE n.order_id = i.order_id AND n.period = i.period
                   AND n.version > i.version) AS latest,
       EXISTS (SELECT 1 FROM approvals a WHERE a.invoice_id = i.invoice_id) AS certified
FROM invoices i JOIN orders o USING (order_id) LEFT JOIN organisations g ON g.organisation_id = o.holder_organisation_id
WHERE {where}
ORDER BY i.period DESC, i.order_id, i.version DESC
LIMIT {limit}"""


async def invoices(conn: asyncpg.Connection, f: InvoiceFilter, cursor: str | None, limit: int) -> dict[str, Any]:
    """A page of the list, the next page's cursor, and how many invoices the filter matches in all."""
    where = _where(f)
    count = await conn.fetchval(
        f"SELECT count(*) FROM invoices i JOIN orders o USING (order_id) WHERE {where.sql}", *where.args)
    if cursor is not None:
        period, order_id, version = decode_cursor(cursor, 3)
        if not (isinstance(period, str) and isinstance(order_id, str) and isinstance(version, int)):
            raise BadCursor("malformed cursor")
        n = len(where.args)
        where.args += [period, order_id, version]
        where.clauses.append(f"(i.period < ${n + 1} OR (i.period = ${n + 1} AND (i.order_id > ${n + 2} OR "
                             f"(i.order_id = ${n + 2} AND i.version < ${n + 3}))))")
    rows = await conn.fetch(_INVOICES.format(where=where.sql, limit=limit + 1), *where.args)
    items = [{**dict(r), "issued_at": r["issued_at"].isoformat(), "counts": r["status"] != "disputed"}
             for r in rows[:limit]]
    last = rows[limit - 1] if len(rows) > limit else None
    return {"items": items, "count": int(count),
            "next_cursor": encode_cursor([last["period"], last["order_id"], last["version"]]) if last else None}


_ALERTS = """
SELECT o.order_id, o.lot_id, o.tender_id, o.axis, o.holder_organisation_id AS organisation_id,
       g.name AS organisation_name, coalesce(c.amount_cents, o.amount_cents) AS ceiling_cents,
       c.order_id IS NOT NULL AS closed, sum(i.payable_cents) AS payable_cents,
       sum(i.over_ceiling_cents) AS over_ceiling_cents, max(i.issued_at) AS last_issued_at
FROM invoices i JOIN orders o USING (order_id) LEFT JOIN order_closings c USING (order_id)
LEFT JOIN organisations g ON g.organisation_id = o.holder_organisation_id
WHERE i.status <> 'disputed' AND {where}
GROUP BY o.order_id, g.name, c.amount_cents, c.order_id
HAVING sum(i.over_ceiling_cents) > 0 OR sum(i.payable_cents) >= coalesce(c.amount_cents, o.amount_cents)
ORDER BY o.order_id
LIMIT {limit}"""


async def ceiling_alerts(conn: asyncpg.Connection, f: InvoiceFilter, cursor: str | None,
                         limit: int) -> dict[str, Any]:
    """Orders whose counting invoices reached the ceiling (lowered once the order is closed), or held money
    back above it: what the buyer is alerted of (BILLING.md "Ceiling")."""
    where = _where(InvoiceFilter(organisation_id=f.organisation_id, axis=f.axis, tender_id=f.tender_id))
    if cursor is not None:
        [after] = decode_cursor(cursor, 1)
        where.add("o.order_id > {}", after)
    rows = await conn.fetch(_ALERTS.format(where=where.sql, limit=limit + 1), *where.args)
    items = [{**dict(r), "payable_cents": int(r["payable_cents"]), "over_ceiling_cents": int(r["over_ceiling_cents"]),
              "last_issued_at": r["last_issued_at"].isoformat()} for r in rows[:limit]]
    return {"items": items, "next_cursor": encode_cursor([rows[limit - 1]["order_id"]]) if len(rows) > limit else None}
