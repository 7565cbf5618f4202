"""Early dropout warnings (issue 22): re-judged, in the declaring request's transaction, for every stay
whose attendance or status it changed, and published as events (attendance.warning.v1, through the
outbox in that same transaction: the webhooks service notifies the organisation); read by the
organisation (its own open warnings) and, as counts only, by the buyer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import asyncpg
from prometheus_client import Counter

from pacte_attendance.adapters import pseudonyms, warnings
from pacte_attendance.domain.early_warning import CLEAR, CLOSE, FORGET, RAISE, WarningRules, next_step
from pacte_attendance.domain.state import StayKey
from pacte_contracts.attendance import (
    DropoutWarningCleared,
    DropoutWarningClosed,
    DropoutWarningEvent,
    DropoutWarningRaised,
    DropoutWarningWithdrawn,
)
from pacte_platform.http import Problem

from .context import Context

RAISED = Counter("pacte_dropout_warnings_raised", "Early dropout warnings raised, per lot.", ["lot"])
CLEARED = Counter("pacte_dropout_warnings_cleared", "Early dropout warnings cleared (attendance recovered).", ["lot"])
WARNED_EXITS = Counter("pacte_dropout_warned_exits", "Exits of trainees ever warned, per lot and outcome "
                       "(completed or dropped_out): dropped_out over all is the warning's precision.",
                       ["lot", "outcome"])


async def refresh(conn: asyncpg.Connection, rules: WarningRules, stays: Iterable[StayKey]
                  ) -> list[DropoutWarningEvent]:
    """Writes each stay's warning change and returns the events saying so (for the caller's outbox)."""
    raised, cleared, closed, forgotten, exited = [], [], [], [], []
    for key, (stay, lot, holder) in (await warnings.load(conn, stays, rules)).items():
        if stay.status in ("completed", "dropped_out") and stay.ever_warned:
            exited.append((*key, stay.status))
        step = next_step(stay, rules)
        if step is None:
            continue
        action, reasons = step
        newest = max(stay.records) if stay.records else stay.enrolled_on
        if action == RAISE:
            raised.append((*key, lot, holder, reasons, newest))
            RAISED.labels(lot).inc()
        elif action == CLEAR:
            cleared.append((*key, newest))
            CLEARED.labels(lot).inc()
        elif action == CLOSE:
            closed.append((*key, stay.exited_on or newest, stay.status))
        elif action == FORGET:
            forgotten.append(key)
    # Before the close, which writes the open warning's outcome too: a stay re-judged after its exit
    # (a late declaration) finds its outcome written and is not counted again.
    for lot, outcome in await warnings.record_outcomes(conn, exited):
        WARNED_EXITS.labels(lot, outcome).inc()
    were_cleared, were_closed, were_withdrawn = await warnings.end_warnings(conn, cleared, closed, forgotten)
    were_raised = await warnings.raise_warnings(conn, raised)
    return [*(DropoutWarningCleared.model_validate(dict(r)) for r in were_cleared),
            *(DropoutWarningClosed.model_validate(dict(r)) for r in were_closed),
            *(DropoutWarningWithdrawn.model_validate(dict(r)) for r in were_withdrawn),
            *(DropoutWarningRaised.model_validate(dict(r)) for r in were_raised)]


async def open_warnings(ctx: Context, organisation_id: str, trainee_id: str | None) -> list[dict[str, Any]]:
    """The organisation's open warnings; with its own `trainee_id`, that trainee's only."""
    async with ctx.pool.acquire() as conn:
        key = None
        if trainee_id is not None:
            lookup = ctx.pseudonymizer.lookup(organisation_id, trainee_id)
            key = (await pseudonyms.find(conn, ctx.pseudonymizer.key_version, [lookup])).get(lookup)
            if key is None:
                return []
        return await warnings.open_warnings(conn, organisation_id, key)


async def warning(ctx: Context, organisation_id: str, warning_id: str) -> dict[str, Any]:
    """One of the organisation's warnings by the id its webhooks carried; an unknown id, a malformed one
    and another organisation's get the same 404 (a read reveals nothing)."""
    try:
        public_id = UUID(warning_id)
    except ValueError:
        public_id = None
    if public_id is not None:
        async with ctx.pool.acquire() as conn:
            found = await warnings.warning(conn, organisation_id, public_id)
        if found is not None:
            return found
    raise Problem(404, "not_found", "no warning with this id among the organisation's")


async def counts(ctx: Context) -> list[dict[str, Any]]:
    async with ctx.pool.acquire() as conn:
        return await warnings.counts(conn)
