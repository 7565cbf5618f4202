"""Early dropout warnings (issue 22): the organisation reads its own open warnings; the buyer reads
counts per lot and organisation, never who."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from pacte_attendance.service_layer import warnings

from .dependencies import AUTH_ERRORS, ERRORS, Handlers, Organisation, Reader

router = APIRouter()


@router.get("/v1/warnings", tags=["integration"], responses=AUTH_ERRORS,
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


@router.get("/back-office/warnings", tags=["back-office"], responses=ERRORS,
            summary="Early dropout warnings per lot and organisation (counts, never who)",
            description="`open` now, `raised` and `cleared` ever; `warned_trainees`, of them `warned_exited` "
                        "(completed or dropped out) and `warned_dropped_out`; `precision` = warned_dropped_out / "
                        "warned_exited (4 decimals, null before any warned trainee left).")
async def get_warning_counts(_: Reader, ctx: Handlers) -> list[dict[str, Any]]:
    return await warnings.counts(ctx)
