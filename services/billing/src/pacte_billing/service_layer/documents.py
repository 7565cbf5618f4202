"""An invoice's documents, generated on first request and kept: the Factur-X invoice (every version) and
the attestation de service fait (once finance approved it).

Rendering takes a few hundred milliseconds of CPU (WeasyPrint): it runs in a worker thread, a bounded
number at a time, outside any transaction; the first document stored wins, so two requests racing
answer the same bytes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from pacte_billing.adapters import documents, parties
from pacte_billing.adapters.documents import FACTURX, SERVICE_CERTIFICATE, Source, StoredDocument
from pacte_billing.adapters.rendering import Rendered, certificate_pdf, facturx_pdf
from pacte_billing.domain.documents import invoice_document
from pacte_billing.domain.parties import Party, missing_legal_data
from pacte_billing.domain.vat import vat_treatment
from pacte_billing.metrics import DOCUMENT_SECONDS
from pacte_platform.http import Problem

from .context import Context


class Documents:
    def __init__(self, ctx: Context, buyer: Party, renderers: asyncio.Semaphore) -> None:
        self.ctx = ctx
        self.buyer = buyer
        self.renderers = renderers

    async def invoice(self, invoice_id: str, holder: str | None = None) -> StoredDocument | None:
        """The Factur-X document; None for an unknown invoice (or one of another holder than `holder`)."""
        async with self.ctx.pool.acquire() as conn:
            source = await documents.source(conn, invoice_id)
            if source is None or (holder is not None and source.holder_organisation_id != holder):
                return None
            kept = await documents.stored(conn, invoice_id, FACTURX)
            seller = await parties.party(conn, source.holder_organisation_id)
        if kept is not None:
            return kept
        why = missing_legal_data(source.holder_organisation_id, seller)
        if why is not None or seller is None:
            raise Problem(409, "legal_data_missing", f"{why}: register it in procurement first")
        document = invoice_document(source.facts, seller, self.buyer, vat_treatment(source.vat_rate, seller.vat_status))
        return await self._render_and_store(source, FACTURX, lambda: facturx_pdf(document))

    async def certificate(self, invoice_id: str) -> StoredDocument | None:
        """The attestation de service fait: who approved the invoice and when, the invoice and its lines."""
        async with self.ctx.pool.acquire() as conn:
            source = await documents.source(conn, invoice_id)
            if source is None:
                return None
            kept = await documents.stored(conn, invoice_id, SERVICE_CERTIFICATE)
            approval = await documents.approval(conn, invoice_id)
            seller = await parties.party(conn, source.holder_organisation_id)
        if kept is not None:
            return kept
        if approval is None:
            raise Problem(409, "not_approved", "no approval of this invoice is recorded: finance approves it first")
        values = {"facts": source.facts, "lines": source.facts.lines, "buyer": self.buyer,
                  "seller_name": seller.name if seller else source.holder_organisation_id,
                  "approver": approval["approved_by"], "approver_role": "finances",
                  "approved_at": approval["approved_at"]}
        return await self._render_and_store(source, SERVICE_CERTIFICATE, lambda: certificate_pdf(**values))

    async def _render_and_store(self, source: Source, kind: str, render: Callable[[], Rendered]) -> StoredDocument:
        async with self.renderers:
            rendered = await asyncio.to_thread(render)
        DOCUMENT_SECONDS.labels(kind).observe(rendered.render_ms / 1000)
        async with self.ctx.pool.acquire() as conn:
            return await documents.store(conn, source.facts.invoice_id, kind, rendered.content, rendered.render_ms)
