"""Pathways from Essentials to a certifying or professionalising step (back-office, any role)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from pacte_indicators.service_layer import readings

from .dependencies import ERRORS, AsOf, ConsistentRead, Reader

TAG = "pathways"
router = APIRouter(tags=[TAG])


@router.get(
    "/pathways", summary="Continuation from Essentials, delay between steps, pathways across organisations",
    responses=ERRORS,
    description="Per scope of the Essentials session (first step): people who completed it and were observed for "
                "90 days (`essentials_completers`), those who entered a certifying or professionalising session "
                "0 to 90 days after (`continued`, `continuation_rate`), the median days between the two steps, "
                "and the pathways whose next step is at another organisation. People are the region's person "
                "pseudonyms: enrolments without a person_ref are not counted. Counts only: never a person. "
                "`as_of` is the day read as of: the one asked for or, without one, the newest known fact's.")
async def get_pathways(_: Reader, conn: ConsistentRead, as_of: AsOf = None,
                       scope: Annotated[str | None, Query(description="One scope (`programme`, `lot:L-1`...)")] = None,
                       ) -> dict[str, dict[str, Any]]:
    return await readings.pathways(conn, as_of, scope)
