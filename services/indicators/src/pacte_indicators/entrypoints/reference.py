"""The pact's reference data (steering sets it, any back-office role reads it): yearly targets, baseline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_indicators.adapters import reference
from pacte_indicators.domain.commands import SetBaseline, SetPactTargets
from pacte_indicators.domain.trajectory import targets_view
from pacte_indicators.service_layer import steering
from pacte_platform.commands import command_body, command_doc, respond

from .dependencies import ERRORS, WRITE_ERRORS, ConsistentRead, Pool, Reader, Steering

TAG = "reference"
router = APIRouter(tags=[TAG])


@router.put("/reference/pact-targets", summary="Set the pact's yearly targets (steering)", responses=WRITE_ERRORS,
            openapi_extra=command_doc(SetPactTargets),
            description="Replaces the trajectory in force (the pact of April 2019's until then: 2019 23,454 paths "
                        "and 136 M€, 2020 26,727 and 162 M€, 2021 and 2022 29,454 and 177 M€, 109,090 paths and "
                        "652 M€ in all, plus the employment service's own 47.8 M€ a year). Audited.")
async def put_targets(request: Request, caller: Steering, pool: Pool,
                      command: Annotated[SetPactTargets, Depends(command_body(SetPactTargets))]) -> JSONResponse:
    return await respond(request, caller, lambda: steering.set_targets(pool, command, caller))


@router.get("/reference/pact-targets", summary="The pact's yearly targets in force", responses=ERRORS)
async def get_targets(_: Reader, conn: ConsistentRead) -> dict[str, Any]:
    return targets_view(await reference.targets(conn))


@router.put("/reference/baseline", summary="Set the baseline year's entries (steering)", responses=WRITE_ERRORS,
            openapi_extra=command_doc(SetBaseline),
            description="Entries of registered job seekers and of people below the baccalauréat in the reference "
                        "year before the pact (2017), for the programme, axes or territories; replaces every "
                        "baseline in force. Audited.")
async def put_baseline(request: Request, caller: Steering, pool: Pool,
                       command: Annotated[SetBaseline, Depends(command_body(SetBaseline))]) -> JSONResponse:
    return await respond(request, caller, lambda: steering.set_baseline(pool, command, caller))


@router.get("/reference/baseline", summary="The baselines in force", responses=ERRORS)
async def get_baseline(_: Reader, conn: ConsistentRead) -> list[dict[str, Any]]:
    return [steering.baseline_view(b) for b in await reference.baselines(conn)]


