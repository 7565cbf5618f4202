"""Early dropout warnings (issue 22): the organisation reads its own open warnings; the buyer reads
counts per lot and organisation, never who."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pacte_attendance.service_layer import warnings
from pacte_contracts.codes import WarningReason
from pacte_platform.http import PROBLEM_SCHEMA

from .dependencies import AUTH_ERRORS, ERRORS, Handlers, Organisation, Reader

router = APIRouter()


class WarningOut(BaseModel):
    """An early dropout warning (avertissement de décrochage) as its organisation reads it."""

    warning_id: str = Field(description="the id the `dropout_warning.*` webhooks carry")
    session_id: str
    trainee_key: str = Field(description="the pseudonym the trainee's enrolment answered")
    reasons: list[WarningReason] = Field(description="why the warning holds, in the order the rule checks them")
    raised_on: dt.date = Field(description="the trainee's newest recorded day when the warning was raised")


class WarningStatusOut(WarningOut):
    status: Literal["open", "cleared", "closed"]
    cleared_on: dt.date | None = Field(description="when attendance recovered (status `cleared`)")
    closed_on: dt.date | None = Field(description="when the trainee left (status `closed`)")
    outcome: Literal["completed", "dropped_out"] | None = Field(description="how the trainee left (status `closed`)")


class WarningCountsOut(BaseModel):
    """Counts of one lot and organisation, never who."""

    lot_id: str
    organisation_id: str
    open: int = Field(description="warnings open now")
    raised: int = Field(description="warnings ever raised")
    cleared: int = Field(description="warnings cleared by recovered attendance")
    warned_trainees: int
    warned_exited: int = Field(description="warned trainees who completed or dropped out")
    warned_dropped_out: int
    precision: str | None = Field(description="warned_dropped_out / warned_exited, 4 decimals; null before any "
                                              "warned trainee left")


@router.get("/v1/warnings", response_model=list[WarningOut], tags=["integration"], responses=AUTH_ERRORS,
            summary="The organisation's open early dropout warnings (repérage précoce du décrochage)",
            description="Trainees of the organisation's sessions of 300 hours and more whose last 5 planned days show "
                        "2 unjustified absences, 3 absences in a row, or hours present below half the hours "
                        "planned (thresholds are configuration). Each warning names the trainee by the pseudonym "
                        "its enrolment answered (`trainee_key`); with `trainee_id` (the organisation's own id), that "
                        "trainee's only. A warning clears by itself when attendance recovers. `warning_id` is the "
                        "one the `dropout_warning.*` webhooks carry (they name no trainee: this read says whose).")
async def get_warnings(caller: Organisation, ctx: Handlers,
                       trainee_id: Annotated[str | None, Query(description="The organisation's own trainee id")] = None,
                       ) -> list[dict[str, Any]]:
    return await warnings.open_warnings(ctx, caller.subject, trainee_id)


@router.get("/v1/warnings/{warning_id}", response_model=WarningStatusOut, tags=["integration"],
            responses={**AUTH_ERRORS, 404: PROBLEM_SCHEMA},
            summary="One of the organisation's early dropout warnings, open or ended",
            description="The warning a `dropout_warning.*` webhook named (webhooks carry only its `warning_id`). "
                        "`status` is `open`, `cleared` (attendance recovered, `cleared_on`) or `closed` (the trainee "
                        "left, `closed_on`, `outcome`: `completed` or `dropped_out`); `trainee_key` is the "
                        "pseudonym the trainee's enrolment answered, as `GET /v1/warnings` gives it. An unknown id "
                        "and another organisation's warning get the same 404 (`not_found`); a warning withdrawn "
                        "because its enrolment was cancelled never existed, so it is unknown too.")
async def get_warning(caller: Organisation, ctx: Handlers, warning_id: str) -> dict[str, Any]:
    return await warnings.warning(ctx, caller.subject, warning_id)


@router.get("/back-office/warnings", response_model=list[WarningCountsOut], tags=["back-office"], responses=ERRORS,
            summary="Early dropout warnings per lot and organisation (counts, never who)",
            description="`open` now, `raised` and `cleared` ever; `warned_trainees`, of them `warned_exited` "
                        "(completed or dropped out) and `warned_dropped_out`; `precision` = warned_dropped_out / "
                        "warned_exited (4 decimals, null before any warned trainee left).")
async def get_warning_counts(_: Reader, ctx: Handlers) -> list[dict[str, Any]]:
    return await warnings.counts(ctx)
