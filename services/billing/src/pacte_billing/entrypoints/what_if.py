"""The billing-unit what-if over HTTP (back-office, any role: it changes nothing)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import asyncpg
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from pacte_billing.adapters.what_if import ScopeType
from pacte_billing.service_layer.what_if import reprice
from pacte_contracts.codes import BillingUnit
from pacte_platform.auth import BACK_OFFICE_ROLES, BackOfficeUser
from pacte_platform.http import PROBLEM_SCHEMA, Problem, back_office_user

from .what_if_schemas import WhatIfOut, what_if_out

TAG = "what-if"
router = APIRouter(tags=[TAG])
_ERRORS: dict[int | str, dict[str, Any]] = {status: PROBLEM_SCHEMA for status in (401, 403, 404, 422)}


class UnitPricesQuery(BaseModel):
    """The price of each unit to re-price at, in cents. One left out is the scope's own price for its own unit
    (when its orders in that unit share one price), else the median price of the programme's lots billed in
    that unit, else the unit's break-even price."""

    model_config = ConfigDict(extra="forbid")
    opening_day_price_cents: int | None = Field(None, ge=0, description="Price of an opening day.")
    trainer_hour_price_cents: int | None = Field(None, ge=0, description="Price of a trainer hour.")
    trainee_hour_price_cents: int | None = Field(None, ge=0, description="Price of a trainee hour.")

    def by_unit(self) -> dict[BillingUnit, int | None]:
        return {unit: getattr(self, f"{unit.value}_price_cents") for unit in BillingUnit}


def _reader(request: Request, authorization: Annotated[str | None, Header()] = None) -> BackOfficeUser:
    return back_office_user(request.app.state.pacte_runtime.settings.auth_secret, authorization, *BACK_OFFICE_ROLES)


async def _consistent_read(request: Request) -> AsyncIterator[asyncpg.Connection]:
    """One snapshot of the ledger for the whole answer."""
    async with request.app.state.pacte_runtime.db().acquire() as conn, \
            conn.transaction(isolation="repeatable_read", readonly=True):
        yield conn


@router.get(
    "/what-if/{scope_type}/{scope_id}", response_model=WhatIfOut, responses=_ERRORS,
    summary="Re-price a scope's declared facts under each billing unit",
    description="The facts a lot, an organisation (the lots it holds) or a tender actually declared, as they "
                "stand now, re-priced under each unit (opening day on capacity, trainer hour, trainee hour) at the "
                "prices given: what the buyer would have paid, month by month and in all, before ceilings, and how "
                "the organisation's monthly revenue would have moved (its month-to-month variation), beside what "
                "the scope's own units and prices make. Each order's month is rounded once, half up, as an "
                "invoice line. A unit the scope's sessions did not declare (trainer hours of a lot billed by "
                "opening day) has no amount: `sessions_declaring` is 0.")
async def get_what_if(
    _: Annotated[BackOfficeUser, Depends(_reader)],
    conn: Annotated[asyncpg.Connection, Depends(_consistent_read)],
    scope_type: Annotated[ScopeType, PathParam(description="lot, organisation or tender")],
    scope_id: Annotated[str, PathParam(min_length=1)],
    prices: Annotated[UnitPricesQuery, Query()],
) -> WhatIfOut:
    result = await reprice(conn, scope_type, scope_id, prices.by_unit())
    if result is None:
        raise Problem(404, "not_found", f"no order belongs to {scope_type.value} {scope_id!r}")
    return what_if_out(scope_type, scope_id, result)
