"""Use cases that read indicators: the report, one scope explained, the budget, snapshots."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import Any

import asyncpg

from pacte_contracts.billing import period_of_cut
from pacte_contracts.codes import REFERENCE_COST_PER_PATH_CENTS
from pacte_contracts.indicators import IndicatorReading, IndicatorsSnapshotTaken
from pacte_indicators.adapters import queries, state
from pacte_indicators.domain.budget import axis_budget
from pacte_indicators.domain.counts import SNAPSHOT_SCOPE_TYPES, ScopeCounts
from pacte_indicators.domain.explanations import dropout_reasons_fr
from pacte_indicators.domain.indicator_set import IndicatorSet
from pacte_indicators.domain.scopes import indicator_set, insertion_by_action_type, snapshot_readings
from pacte_indicators.service_layer.latest_counts import CountsAt, LatestCounts
from pacte_platform.consumer import Emitter
from pacte_platform.logging import get_logger

log = get_logger(component="indicators")


async def all_scopes(conn: asyncpg.Connection, as_of: date | None) -> dict[str, IndicatorSet]:
    return {scope: indicator_set(counts) for scope, counts in (await queries.scope_counts(conn, as_of)).items()}


async def scope_counts(conn: asyncpg.Connection, as_of: date | None, latest: LatestCounts | None = None,
                       only: str | None = None) -> Mapping[str, ScopeCounts]:
    """Every scope's counts (or just ``only``'s), from ``latest`` when they were kept at the version the
    projection is at in this read's snapshot; counted otherwise (and kept, when every scope was)."""
    if as_of is not None or latest is None:
        return await queries.scope_counts(conn, as_of, only=only)
    version = await state.projection_version(conn)
    kept = latest.at(version)
    if kept is None:
        counted = await queries.scope_counts(conn, None, only=only)
        if only is None:
            latest.keep(CountsAt(version, counted))
        return counted
    if only is None:
        return kept
    return {only: kept[only]} if only in kept else {}


async def report(conn: asyncpg.Connection, as_of: date | None,
                 latest: LatestCounts | None = None) -> dict[str, dict[str, object]]:
    """Every scope in the report's shape (SCENARIO.md ``indicators``)."""
    return {scope: indicator_set(counts).values() for scope, counts in
            (await scope_counts(conn, as_of, latest)).items()}


def _detail(counts: ScopeCounts, as_of: date | None, explain: bool) -> dict[str, Any]:
    indicators = indicator_set(counts)
    detail: dict[str, Any] = {
        "scope": counts.scope,
        "as_of": as_of.isoformat() if as_of else None,
        "indicators": indicators.values(),
        "dropouts_by_reason_fr": dropout_reasons_fr(dict(indicators.dropouts_by_reason), include_zero=True),
        "insertion_by_action_type": insertion_by_action_type(counts),
        "cost_per_entry_reference_cents": REFERENCE_COST_PER_PATH_CENTS,
    }
    if explain:
        detail["explain"] = indicators.explain()
    return detail


async def scope_detail(conn: asyncpg.Connection, scope: str, as_of: date | None, explain: bool,
                       latest: LatestCounts | None = None) -> dict[str, Any] | None:
    counts = (await scope_counts(conn, as_of, latest, only=scope)).get(scope)
    return None if counts is None else _detail(counts, as_of, explain)


async def pathways(conn: asyncpg.Connection, as_of: date | None, scope: str | None) -> dict[str, dict[str, object]]:
    """Pathway indicators of every scope with an observed Essentials completion (or of ``scope``)."""
    counts = await queries.pathway_counts(conn, as_of, scope)
    return {name: counts[name].values() for name in sorted(counts)}


async def budget(conn: asyncpg.Connection) -> dict[str, dict[str, object]]:
    committed, payable, paid = await queries.money_by_axis(conn)
    return axis_budget(committed, payable, paid)


async def snapshot(conn: asyncpg.Connection, period: str) -> dict[str, Any] | None:
    """The last snapshot answered to the closing of ``period``, with the counts behind each reading."""
    row = await state.latest_snapshot(conn, period)
    if row is None:
        return None
    return {"period": row["period"], "as_of": row["as_of"].isoformat(), "taken_at": row["taken_at"].isoformat(),
            "scopes": row["scopes"], "explain": row["explain"]}


async def take_snapshot(conn: asyncpg.Connection, period: str, as_of: date) -> IndicatorsSnapshotTaken:
    """Programme, lot and organisation readings as of ``as_of``, recorded with their counts."""
    scopes = {scope: indicators for scope, indicators in (await all_scopes(conn, as_of)).items()
              if scope.partition(":")[0] in SNAPSHOT_SCOPE_TYPES}
    readings = {
        scope: {name: IndicatorReading(value=value, denominator=denominator)
                for name, (value, denominator) in snapshot_readings(indicators).items()}
        for scope, indicators in scopes.items()
    }
    event = IndicatorsSnapshotTaken(period=period, as_of=as_of.isoformat(), scopes=readings)
    await state.record_snapshot(
        conn, period, as_of, event.model_dump(mode="json")["scopes"],
        {scope: indicators.explain() for scope, indicators in scopes.items()},
    )
    return event


async def on_closing_cut(conn: asyncpg.Connection, cut_id: str, emit: Emitter) -> bool:
    """A closing's cut is aligned: the projection holds exactly what the closing includes (every
    command acknowledged before it was requested), so the milestone snapshot is taken now, as of the
    period's last day; then the held partitions may flow again."""
    period = period_of_cut(cut_id)
    if period is not None:
        as_of = last_day_of(period)
        event = await take_snapshot(conn, period, as_of)
        emit.emit(event)
        log.info("indicators snapshot taken on the closing's cut", period=period, as_of=as_of.isoformat(),
                 scopes=len(event.scopes))
    return True


def last_day_of(period: str) -> date:
    year, month = int(period[:4]), int(period[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])
