"""Invoices' documents: the Factur-X invoice of every version (finance, and the organisation through the
integration API) and the attestation de service fait of an approved invoice."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from pacte_billing.adapters.documents import StoredDocument
from pacte_billing.service_layer.documents import Documents

from .dependencies import ERRORS, Handlers, Organisation, Reader, found

router = APIRouter(tags=["documents"])
PDF = {200: {"content": {"application/pdf": {}}, "description": "the PDF, stored once generated"}, **ERRORS}


def _documents(request: Request, ctx: Handlers) -> Documents:
    state = request.app.state
    if not hasattr(state, "document_renderers"):
        state.document_renderers = asyncio.Semaphore(state.pacte_runtime.settings.document_renderers)
    return Documents(ctx, state.pacte_runtime.settings.buyer(), state.document_renderers)


Docs = Annotated[Documents, Depends(_documents)]


def pdf(document: StoredDocument) -> Response:
    return Response(document.content, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{document.filename}"', "ETag": f'"{document.sha256}"',
        "Cache-Control": "private, max-age=31536000, immutable"})


@router.get("/invoices/{invoice_id}/document", responses=PDF, response_class=Response,
            summary="The Factur-X invoice (PDF/A-3 with its EN 16931 XML) of one invoice version",
            description="A self-billed invoice (type 389), or a self-billed credit note (261) when the payable is "
                        "negative. Generated on first request and stored: later requests answer the same bytes. "
                        "409 `legal_data_missing` while the organisation's SIRET is not registered.")
async def get_document(invoice_id: str, _: Reader, docs: Docs) -> Response:
    return pdf(found(await docs.invoice(invoice_id), "invoice"))


@router.get("/invoices/{invoice_id}/certificate", responses=PDF, response_class=Response,
            summary="The attestation de service fait of an approved invoice: approver, date, the invoice and its lines",
            description="409 `not_approved` until finance approves the invoice.")
async def get_certificate(invoice_id: str, _: Reader, docs: Docs) -> Response:
    return pdf(found(await docs.certificate(invoice_id), "invoice"))


@router.get("/v1/invoices/{invoice_id}/document", responses=PDF, response_class=Response, tags=["organisations"],
            summary="The Factur-X invoice of one of the calling organisation's invoice versions",
            description="404 for an invoice of another organisation's order.")
async def get_my_document(invoice_id: str, caller: Organisation, docs: Docs) -> Response:
    return pdf(found(await docs.invoice(invoice_id, holder=caller.subject), "invoice"))
