"""Periods: finance closes a month; anyone of the back-office follows the closing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_billing.domain.commands import ClosePeriod
from pacte_billing.service_layer import periods, reads
from pacte_contracts.types import Period
from pacte_platform.commands import command_body, command_doc, respond

from . import schemas
from .consumers import facts_consumer
from .dependencies import ERRORS, Finance, Handlers, Reader

router = APIRouter(tags=["periods"])


@router.post("/periods/{period}/close", status_code=202, summary="Close a billing period (period.close, finance)",
             description="Records the closing and announces it: the period's invoices are issued on a consistent cut "
                         "(every command acknowledged before the request), after the re-issue of every disputed "
                         "invoice and the evaluation of milestones. 202 while it runs; 200 once closed, when closing "
                         "a closed period again changes nothing.",
             responses={200: {"model": schemas.ClosingOut, "description": "already closed: nothing changes"},
                        202: {"model": schemas.ClosingOut}, **ERRORS},
             openapi_extra=command_doc(ClosePeriod, required=False))
async def post_close(request: Request, caller: Finance, ctx: Handlers,
                     command: Annotated[ClosePeriod, Depends(command_body(ClosePeriod, "period"))]) -> JSONResponse:
    return await respond(request, caller, lambda: periods.request_closing(ctx, command, caller),
                         lambda view: 200 if view["status"] == "closed" else 202)


@router.get("/periods/{period}", response_model=schemas.ClosingOut, responses=ERRORS,
            summary="A period's closing: its status and, while it runs, what it waits for")
async def get_period(period: Period, _: Reader, ctx: Handlers, request: Request) -> dict[str, Any]:
    prefix = request.app.state.pacte_runtime.settings.consumer_group_prefix
    async with ctx.pool.acquire() as conn:
        return await reads.period(conn, period, facts_consumer(prefix))
