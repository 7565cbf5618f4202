"""Indicators per scope (back-office, any role): the report of every scope, one scope explained."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from pacte_indicators.service_layer import readings
from pacte_platform.http import Problem

from .dependencies import ERRORS, NOT_FOUND, AsOf, ConsistentRead, Latest, Reader

TAG = "indicators"
router = APIRouter(tags=[TAG])

_SCOPE_DOC = ("`programme`, or `<type>:<id>` with type axis, tender, lot, organisation, territory, domain or "
              "action_type")


@router.get("/indicators", summary="Every scope's indicators (report shape)", responses=ERRORS)
async def get_indicators(_: Reader, conn: ConsistentRead, latest: Latest,
                         as_of: AsOf = None) -> dict[str, dict[str, Any]]:
    return await readings.report(conn, as_of, latest)


@router.get("/indicators/{scope}", summary="One scope's indicators, optionally explained", responses=NOT_FOUND)
async def get_scope(
    _: Reader,
    conn: ConsistentRead,
    latest: Latest,
    scope: Annotated[str, PathParam(description=_SCOPE_DOC)],
    as_of: AsOf = None,
    explain: Annotated[bool, Query(description="List the numerator and denominator of each rate.")] = False,
) -> dict[str, Any]:
    detail = await readings.scope_detail(conn, scope, as_of, explain, latest)
    if detail is None:
        raise Problem(404, "not_found", f"nothing belongs to scope {scope!r}")
    return detail
