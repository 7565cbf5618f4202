"""Event handlers: one per consumed stream, each handling a whole batch in the batch's transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from pacte_contracts.codes import MilestoneStatus
from pacte_contracts.improvement import Achievement, MilestoneAchieved, MilestoneMissed, MilestonesEvaluated
from pacte_contracts.indicators import IndicatorsSnapshotTaken
from pacte_contracts.procurement import LotAwarded, OrderPlaced
from pacte_improvement.adapters import repository as repo
from pacte_improvement.domain import evaluate_milestone, last_day
from pacte_improvement.service_layer.snapshots import snapshot_for
from pacte_platform.consumer import Consumed, Emitter
from pacte_platform.logging import get_logger

log = get_logger(component="evaluation")


async def on_procurement(conn: asyncpg.Connection, events: list[Consumed], _: Emitter) -> None:
    """Lot holders and orders' lots, as plan.create needs them; other procurement events are ignored."""
    lots: dict[str, tuple[str, str]] = {}
    orders: dict[str, tuple[str, str, str]] = {}
    for c in events:
        event = c.event
        if isinstance(event, LotAwarded):
            lots[event.lot_id] = (event.lot_id, event.holder_organisation_id)
        elif isinstance(event, OrderPlaced):
            orders[event.order_id] = (event.order_id, event.lot_id, event.holder_organisation_id)
    await repo.upsert_lot_holders(conn, list(lots.values()))
    await repo.upsert_orders(conn, list(orders.values()))


def _as_of(event: IndicatorsSnapshotTaken) -> date:
    try:
        return date.fromisoformat(event.as_of)
    except ValueError:
        return last_day(event.period)


async def on_snapshots(conn: asyncpg.Connection, events: list[Consumed], emit: Emitter) -> None:
    """Evaluates planned milestones with a target at each period closing (IMPROVEMENT.md).

    Always answers exactly one MilestonesEvaluated per snapshot; a snapshot of a period already
    evaluated gets the decisions taken then, since evaluation results are final. Snapshots are
    handled in delivery order: the topic has one partition, so that is the order of the closings.
    """
    for c in events:
        event = c.event
        if not isinstance(event, IndicatorsSnapshotTaken):
            continue
        period = event.period
        end = last_day(period)
        scopes: dict[str, Any] = {
            scope: {name: reading.model_dump() for name, reading in readings.items()}
            for scope, readings in event.scopes.items()
        }
        await repo.store_snapshot(conn, period, _as_of(event), scopes, c.envelope.occurred_at)
        stored = await repo.period_evaluation(conn, period)
        if stored is not None:
            emit.emit(MilestonesEvaluated(
                period=period,
                achievements=[Achievement.model_validate(a) for a in stored["achievements"]],
                missed=list(stored["missed"]),
            ))
            continue
        achievements: list[Achievement] = []
        missed: list[MilestoneMissed] = []
        decisions: list[tuple[str, str, date, str, str | None, str | None]] = []
        for milestone, organisation_id, lot_id in await repo.evaluable_milestones(conn):
            outcome = evaluate_milestone(milestone, period, snapshot_for(scopes, organisation_id, lot_id))
            if outcome is None:
                continue
            decisions.append((milestone.milestone_id, outcome, end, "evaluated", period, None))
            if outcome == MilestoneStatus.ACHIEVED.value:
                achievements.append(Achievement(plan_id=milestone.plan_id, milestone_id=milestone.milestone_id,
                                                order_id=milestone.order_id, bonus_cents=milestone.bonus_cents,
                                                achieved_on=end))
            else:
                missed.append(MilestoneMissed(plan_id=milestone.plan_id, milestone_id=milestone.milestone_id,
                                              period=period))
        await repo.record_decisions(conn, decisions)
        await repo.insert_period_evaluation(conn, period, end, [a.model_dump(mode="json") for a in achievements],
                                            [m.milestone_id for m in missed])
        emit.emit(*(MilestoneAchieved(**a.model_dump(), how="evaluated") for a in achievements))
        emit.emit(*missed)
        emit.emit(MilestonesEvaluated(period=period, achievements=achievements,
                                      missed=[m.milestone_id for m in missed]))
        log.info("milestones evaluated", period=period, achieved=len(achievements), missed=len(missed))
