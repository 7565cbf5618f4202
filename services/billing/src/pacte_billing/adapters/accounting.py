"""The accounting export's rows, read with a server-side cursor: one row per invoice line with its
imputation, and one per invoice whose ceiling held money back (so the rows of an invoice add up to its
payable). Memory stays flat whatever the number of invoices."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import asyncpg

#: Rows fetched from PostgreSQL at a time.
PREFETCH = 500

_ROWS = """
WITH chosen AS (
    SELECT i.* FROM invoices i
    WHERE ($1::text IS NULL OR i.period = $1)
      AND ($2::date IS NULL OR (i.issued_at AT TIME ZONE 'Europe/Paris')::date >= $2)
      AND ($3::date IS NULL OR (i.issued_at AT TIME ZONE 'Europe/Paris')::date <= $3))
SELECT c.period, c.invoice_id, c.version, c.status, c.status <> 'disputed' AS counts,
       (c.issued_at AT TIME ZONE 'Europe/Paris')::date AS issued_on, c.order_id, o.lot_id, o.tender_id, o.axis,
       o.holder_organisation_id AS organisation_id, g.siret AS organisation_siret, g.name AS organisation_name,
       x.n AS line, x.kind, x.origin_period, x.ref, x.quantity, x.unit_price_cents, x.amount_cents,
       p.reference AS payment_reference, p.paid_on
FROM chosen c JOIN orders o USING (order_id)
LEFT JOIN organisations g ON g.organisation_id = o.holder_organisation_id
LEFT JOIN payments p ON p.invoice_id = c.invoice_id
CROSS JOIN LATERAL (
    SELECT l.n, l.kind, l.origin_period, l.ref, l.quantity, l.unit_price_cents, l.amount_cents
    FROM invoice_lines l WHERE l.invoice_id = c.invoice_id
    UNION ALL
    -- Not payable above the ceiling (or held back before and payable now): the invoice's adjustment.
    SELECT NULL, 'over_ceiling', c.period, NULL, NULL, NULL, -c.over_ceiling_cents
    WHERE c.over_ceiling_cents <> 0) x
ORDER BY c.period, c.order_id, c.version, x.n NULLS LAST"""


async def rows(conn: asyncpg.Connection, *, period: str | None, start: date | None,
               end: date | None) -> AsyncIterator[dict[str, Any]]:
    """The export's rows in (period, order, version, line) order; the caller holds a transaction."""
    async for record in conn.cursor(_ROWS, period, start, end, prefetch=PREFETCH):
        yield dict(record)
