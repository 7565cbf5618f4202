"""Readings sent to milestone evaluation at period closings, kept with the counts behind them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam

from pacte_indicators.service_layer import readings
from pacte_platform.http import Problem

from .dependencies import NOT_FOUND, ConsistentRead, Reader

TAG = "snapshots"
router = APIRouter(tags=[TAG])

Period = Annotated[str, PathParam(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]


@router.get("/snapshots/{period}", summary="The last snapshot sent for a period closing", responses=NOT_FOUND)
async def get_snapshot(_: Reader, conn: ConsistentRead, period: Period) -> dict[str, Any]:
    snapshot = await readings.snapshot(conn, period)
    if snapshot is None:
        raise Problem(404, "not_found", f"no snapshot for period {period}")
    return snapshot
