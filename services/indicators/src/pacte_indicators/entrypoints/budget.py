"""The budget by axis (the one read model of it: the report's `budget`, the steering page)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from pacte_indicators.service_layer import readings

from .dependencies import ERRORS, ConsistentRead, Reader

TAG = "budget"
router = APIRouter(tags=[TAG])


@router.get("/budget", summary="Money per axis against the 50 / 43 / 7 % targets", responses=ERRORS,
            description="Committed (a closed order's lowered amount), payable of counting invoices (every "
                        "version but a disputed one) and paid, per axis, with each axis's share of all committed.")
async def get_budget(_: Reader, conn: ConsistentRead) -> dict[str, dict[str, Any]]:
    return await readings.budget(conn)
