"""The integration API of billing: an organisation's own invoices, and disputing one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_billing.domain.commands import DisputeInvoice
from pacte_billing.service_layer import invoices, reads
from pacte_contracts.codes import InvoiceStatus
from pacte_contracts.types import Period
from pacte_platform.commands import command_body, command_doc, respond

from . import schemas
from .dependencies import ERRORS, Handlers, Organisation

router = APIRouter(tags=["organisations"])


@router.get("/v1/invoices", response_model=list[schemas.OrganisationInvoiceOut], responses=ERRORS,
            summary="The calling organisation's invoices (orders of the lots it holds), every version",
            description="A disputed version shows its reason and when it was disputed; `replaced_by` names the "
                        "version that replaced it, whose `reissued` is true. Only versions whose `counts` is true "
                        "are payable. Filters: `order_id`, `period` (YYYY-MM), `status` (a version's own status).")
async def get_my_invoices(caller: Organisation, ctx: Handlers, order_id: str | None = None,
                          period: Period | None = None, status: InvoiceStatus | None = None) -> list[dict[str, Any]]:
    async with ctx.pool.acquire() as conn:
        return await reads.organisation_invoices(conn, caller.subject, order_id=order_id, period=period,
                                                 status=None if status is None else status.value)


@router.post("/v1/orders/{order_id}/invoices/{period}/dispute", response_model=schemas.InvoiceStatusOut,
             responses=ERRORS, openapi_extra=command_doc(DisputeInvoice),
             summary="Dispute the latest version of an invoice, with a reason (invoice.dispute)",
             description="By the holder of the order's lot (`forbidden` for another organisation), on an `issued` "
                         "or `approved` version, with a reason that is not blank (`invalid` otherwise). The version "
                         "stops counting at once; finance re-issues it, or the next closing does.")
async def post_dispute(request: Request, caller: Organisation, ctx: Handlers,
                       command: Annotated[DisputeInvoice, Depends(command_body(DisputeInvoice, "order_id", "period"))]
                       ) -> JSONResponse:
    return await respond(request, caller, lambda: invoices.dispute(ctx, command, caller))
