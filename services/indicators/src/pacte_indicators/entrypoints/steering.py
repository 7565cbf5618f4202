"""Steering the pact (back-office, any role): the trajectory against the pact's targets, the dropout
analysis. Its reference data is set in `reference.py`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from pacte_indicators.service_layer import steering

from .dependencies import ERRORS, AsOf, ConsistentRead, Reader, Scope

TAG = "steering"
router = APIRouter(tags=[TAG])


@router.get("/trajectory", summary="Entries and money per year and month against the pact's targets",
            responses=ERRORS,
            description="The scope's entries (with those of registered job seekers and below the baccalauréat) and "
                        "money committed, invoiced (counting invoices' payable) and paid per year and per month, "
                        "against the pact's targets: the programme's in full, an axis's money as its share "
                        "(50 / 43 / 7 %), no target for other scopes; a month's `paths_pace` is its year's target "
                        "over 12. Against the baseline year (2017) when one is loaded for the scope. Money's month: "
                        "an invoice's period, a paid invoice's period, an order's first session start (else its "
                        "tender's start; `undated_committed_cents` else).")
async def get_trajectory(_: Reader, conn: ConsistentRead, scope: Scope) -> dict[str, Any]:
    return await steering.scope_trajectory(conn, scope)


@router.get("/dropouts", summary="Dropouts by reason, priority public, action type, course length and week",
            responses=ERRORS,
            description="Dropouts by reason × priority public (`none` without a flag; a trainee with several flags "
                        "is in each) × action type × course length band (planned days × hours per day: under "
                        "150 h, 150-299 h, 300-599 h, 600 h and more; `unknown` before sessions carried it), by "
                        "the week of the course they happen in, and the dropout rate with and without return to "
                        "work (all entrants, and those below the baccalauréat) per band and per action type.")
async def get_dropouts(_: Reader, conn: ConsistentRead, scope: Scope, as_of: AsOf = None) -> dict[str, Any]:
    return await steering.dropout_analysis(conn, scope, as_of)
