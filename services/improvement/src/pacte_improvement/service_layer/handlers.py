"""Consumed events: one handler per event type, each handling a whole batch in the batch's transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from pacte_contracts.improvement import Achievement, MilestonesEvaluated
from pacte_contracts.indicators import IndicatorsSnapshotTaken
from pacte_contracts.procurement import LotAwarded, OrderPlaced
from pacte_improvement.adapters import decisions as decision_rows
from pacte_improvement.adapters import projections, snapshots
from pacte_improvement.domain import closing_decisions, last_day
from pacte_platform.consumer import Consumed, Emitter
from pacte_platform.logging import get_logger

from . import events
from .snapshots import snapshot_for

log = get_logger(component="evaluation")


async def on_lot_awarded(conn: asyncpg.Connection, batch: list[Consumed], _: Emitter) -> None:
    """Lot holders, as plan.create checks them (the last award of a lot in the batch wins)."""
    holders = {c.event.lot_id: c.event.holder_organisation_id for c in batch if isinstance(c.event, LotAwarded)}
    await projections.upsert_lot_holders(conn, list(holders.items()))


async def on_order_placed(conn: asyncpg.Connection, batch: list[Consumed], _: Emitter) -> None:
    """Orders' lots and holders, as plan.create checks them."""
    orders = {c.event.order_id: (c.event.order_id, c.event.lot_id, c.event.holder_organisation_id)
              for c in batch if isinstance(c.event, OrderPlaced)}
    await projections.upsert_orders(conn, list(orders.values()))


def _as_of(event: IndicatorsSnapshotTaken) -> date:
    try:
        return date.fromisoformat(event.as_of)
    except ValueError:
        return last_day(event.period)


async def on_indicators_snapshot_taken(conn: asyncpg.Connection, batch: list[Consumed], emit: Emitter) -> None:
    """Evaluates planned milestones with a target at each period closing (IMPROVEMENT.md).

    Always answers exactly one MilestonesEvaluated per snapshot; a snapshot of a period already
    evaluated gets the decisions taken then, since evaluation results are final. Snapshots are
    handled in delivery order: the topic has one partition, so that is the order of the closings.
    """
    for c in batch:
        event = c.event
        if not isinstance(event, IndicatorsSnapshotTaken):
            continue
        period = event.period
        scopes: dict[str, Any] = {scope: {name: reading.model_dump() for name, reading in readings.items()}
                                  for scope, readings in event.scopes.items()}
        await snapshots.store_snapshot(conn, period, _as_of(event), scopes, c.envelope.occurred_at)
        stored = await snapshots.period_evaluation(conn, period)
        if stored is not None:
            emit.emit(MilestonesEvaluated(period=period, missed=list(stored["missed"]),
                                          achievements=[Achievement.model_validate(a) for a in stored["achievements"]]))
            continue
        candidates = await decision_rows.evaluable_milestones(conn)
        decided = closing_decisions(period, ((m, snapshot_for(scopes, organisation_id, lot_id))
                                             for m, organisation_id, lot_id in candidates))
        await decision_rows.record_decisions(
            conn, [(d.milestone_id, d.status.value, d.decided_on, "evaluated", period, None) for d in decided])
        answer = events.closing_answer(period, decided)
        await snapshots.insert_period_evaluation(conn, period, last_day(period),
                                                 [a.model_dump(mode="json") for a in answer.achievements],
                                                 answer.missed)
        emit.emit(*events.closing_events(period, decided))
        log.info("milestones evaluated", period=period, achieved=len(answer.achievements), missed=len(answer.missed))
