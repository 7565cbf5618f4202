"""The integration API of procurement (`/v1`, the organisation's API key): the lots it holds or is a
member of, and its sessions in the rolling catalogue. What is absent and what belongs to another
organisation get the same 404 (existence is not revealed to other tenants)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pacte_contracts.codes import ActionType, Axis, BillingUnit, Domain, Territory
from pacte_contracts.refusals import Refused, Rejection
from pacte_platform.orgauth import OrganisationCaller
from pacte_platform.paging import BadCursor, Cursor, Limit, page_body
from pacte_procurement.adapters import organisation_queries
from pacte_procurement.domain import LotStatus

from . import schemas
from .dependencies import READ_ERRORS, Handlers, found

router = APIRouter(tags=["integration"], responses=READ_ERRORS)


class OrganisationLotOut(BaseModel):
    lot_id: str
    tender_id: str
    axis: Axis
    number: int
    title: str
    territory: Territory
    domain: Domain
    action_type: ActionType
    billing_unit: BillingUnit
    unit_price_cents: int
    session_capacity: int
    return_to_work_bonus_cents: int
    additional_modules: list[str]
    status: LotStatus
    holder_id: str | None
    members: list[str]
    role: str = Field(description="`holder` (the lead member, who declares and is invoiced) or `member`")
    orders: int = Field(description="orders placed under the lot (their money: billing's `GET /v1/orders`)")
    sessions: int


class OrganisationLotPage(BaseModel):
    items: list[OrganisationLotOut]
    next_cursor: str | None


@router.get("/v1/lots", response_model=OrganisationLotPage, operation_id="list_my_lots",
            summary="The lots the calling organisation holds or is a member of")
async def get_my_lots(caller: OrganisationCaller, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None,
                      status: LotStatus | None = None, tender_id: str | None = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await page_body(organisation_queries.lots(conn, caller.subject, status=status, tender_id=tender_id,
                                                         cursor=cursor, limit=limit))


@router.get("/v1/lots/{lot_id}", response_model=OrganisationLotOut, operation_id="get_my_lot",
            summary="One of its lots (404 for a lot that is not its own)")
async def get_my_lot(lot_id: str, caller: OrganisationCaller, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        return found(await organisation_queries.lot(conn, caller.subject, lot_id), "lot")


@router.get("/v1/catalogue", response_model=schemas.CataloguePage, response_model_by_alias=True,
            operation_id="list_my_catalogue",
            summary="Its sessions in the rolling catalogue (the next 6 months), as prescribers see them")
async def get_my_catalogue(
    caller: OrganisationCaller, ctx: Handlers,
    start: Annotated[date | None, Query(alias="from", description="First start date (default today)")] = None,
    lot_id: str | None = None, limit: Limit = 100, cursor: Cursor = None,
) -> Any:
    today = ctx.today()
    async with ctx.pool.acquire() as conn:
        try:
            first, end, page = await organisation_queries.catalogue(
                conn, caller.subject, start=start or today, lot_id=lot_id, today=today, cursor=cursor, limit=limit)
        except BadCursor as exc:
            raise Refused(Rejection.invalid(str(exc))) from exc
    return {"from": first, "until": end, **page.body()}
