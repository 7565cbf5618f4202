"""Invoices' documents: what a document is made of (read from the stored invoice), and the documents
themselves, stored once generated and never changed (a trigger refuses any update)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

import asyncpg

from pacte_billing.domain.documents import DocumentLine, InvoiceFacts
from pacte_contracts.codes import LineKind

FACTURX = "facturx"
SERVICE_CERTIFICATE = "service_certificate"


@dataclass(frozen=True, slots=True)
class Source:
    facts: InvoiceFacts
    holder_organisation_id: str
    status: str
    vat_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    invoice_id: str
    kind: str
    content: bytes
    sha256: str
    render_ms: int

    @property
    def filename(self) -> str:
        prefix = "facture" if self.kind == FACTURX else "attestation-service-fait"
        return f"{prefix}-{self.invoice_id}.pdf"


_SOURCE = """
SELECT i.invoice_id, i.order_id, i.period, i.version, i.status, i.total_cents, i.payable_cents, i.over_ceiling_cents,
       i.reissued, (i.issued_at AT TIME ZONE 'Europe/Paris')::date AS issued_on, o.lot_id, o.tender_id,
       o.holder_organisation_id, o.vat_rate,
       -- The ceiling this version was issued under: lowered only by a closing recorded before it.
       CASE WHEN c.closed_at IS NOT NULL AND c.closed_at <= i.issued_at THEN c.amount_cents
            ELSE o.amount_cents END AS ceiling_cents,
       p.invoice_id AS replaces_id, (p.issued_at AT TIME ZONE 'Europe/Paris')::date AS replaces_on
FROM invoices i JOIN orders o USING (order_id) LEFT JOIN order_closings c USING (order_id)
LEFT JOIN invoices p ON p.order_id = i.order_id AND p.period = i.period AND p.version = i.version - 1
WHERE i.invoice_id = $1"""


async def source(conn: asyncpg.Connection, invoice_id: str) -> Source | None:
    row = await conn.fetchrow(_SOURCE, invoice_id)
    if row is None:
        return None
    lines = [DocumentLine(r["n"], LineKind(r["kind"]), r["origin_period"], r["ref"], r["quantity"],
                          int(r["unit_price_cents"]), int(r["amount_cents"]))
             for r in await conn.fetch("SELECT * FROM invoice_lines WHERE invoice_id = $1 ORDER BY n", invoice_id)]
    facts = InvoiceFacts(
        row["invoice_id"], row["order_id"], row["lot_id"], row["tender_id"], row["period"], row["version"],
        row["issued_on"], lines, int(row["total_cents"]), int(row["payable_cents"]), int(row["over_ceiling_cents"]),
        int(row["ceiling_cents"]), row["reissued"],
        (row["replaces_id"], row["replaces_on"]) if row["replaces_id"] else None)
    return Source(facts, row["holder_organisation_id"], row["status"], row["vat_rate"])


async def stored(conn: asyncpg.Connection, invoice_id: str, kind: str) -> StoredDocument | None:
    row = await conn.fetchrow(
        "SELECT invoice_id, kind, content, sha256, render_ms FROM documents WHERE invoice_id = $1 AND kind = $2",
        invoice_id, kind)
    return None if row is None else StoredDocument(**dict(row))


async def store(conn: asyncpg.Connection, invoice_id: str, kind: str, content: bytes,
                render_ms: int) -> StoredDocument:
    """Keeps the first document generated: one generated meanwhile by another request wins."""
    await conn.execute(
        """INSERT INTO documents (invoice_id, kind, content, sha256, render_ms) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (invoice_id, kind) DO NOTHING""",
        invoice_id, kind, content, hashlib.sha256(content).hexdigest(), render_ms)
    kept = await stored(conn, invoice_id, kind)
    assert kept is not None
    return kept


async def approval(conn: asyncpg.Connection, invoice_id: str) -> asyncpg.Record | None:
    row: asyncpg.Record | None = await conn.fetchrow(
        """SELECT approved_by, approved_at AT TIME ZONE 'Europe/Paris' AS approved_at FROM approvals
           WHERE invoice_id = $1""", invoice_id)
    return row
