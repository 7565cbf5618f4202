"""Business figures as Prometheus metrics, from the last computed indicators (a custom collector:
scrapes never query the database). What each family says is in `metric_families.py`."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

import asyncpg
from prometheus_client.core import REGISTRY, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from pacte_indicators.domain.indicator_set import IndicatorSet
from pacte_indicators.domain.pathways import PathwayCounts

from .metric_families import budget_families, lot_info_family, pathway_families, scope_families
from .trajectory_families import trajectory_families


class IndicatorsCollector(Collector):
    """Holds the latest indicators; ``collect`` only formats them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scopes: dict[str, IndicatorSet] = {}
        self._budget: dict[str, dict[str, Any]] = {}
        self._lots: dict[str, dict[str, str]] = {}
        self._trajectories: dict[str, dict[str, Any]] = {}
        self._pathways: dict[str, PathwayCounts] = {}
        self._refreshed_at: float | None = None
        self._refresh_seconds: float = 0.0

    def update(self, scopes: Mapping[str, IndicatorSet], budget: Mapping[str, Mapping[str, Any]],
               refreshed_at: float, refresh_seconds: float,
               lots: Mapping[str, Mapping[str, str]] | None = None,
               trajectories: Mapping[str, Mapping[str, Any]] | None = None,
               pathways: Mapping[str, PathwayCounts] | None = None) -> None:
        with self._lock:
            if trajectories is not None:
                self._trajectories = {scope: dict(t) for scope, t in trajectories.items()}
            if pathways is not None:
                self._pathways = dict(pathways)
            if lots is not None:
                self._lots = {lot: dict(labels) for lot, labels in lots.items()}
            self._scopes = dict(scopes)
            self._budget = {axis: dict(values) for axis, values in budget.items()}
            self._refreshed_at = refreshed_at
            self._refresh_seconds = refresh_seconds

    def describe(self) -> Iterator[Metric]:
        # Returning nothing keeps registration from calling collect() before any data exists.
        return iter(())

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            scopes, budget, lots = self._scopes, self._budget, self._lots
            trajectories, pathways = self._trajectories, self._pathways
            refreshed_at, refresh_seconds = self._refreshed_at, self._refresh_seconds
        yield from scope_families(scopes)
        yield from budget_families(budget)
        yield lot_info_family(lots)
        yield from trajectory_families(trajectories)
        yield from pathway_families(pathways)
        if refreshed_at is not None:
            yield GaugeMetricFamily("pacte_indicators_refreshed_timestamp_seconds",
                                    "When the business metrics were last recomputed.", value=refreshed_at)
            yield GaugeMetricFamily("pacte_indicators_refresh_duration_seconds",
                                    "Time the last recomputation of every scope took.", value=refresh_seconds)


async def lot_labels(conn: asyncpg.Connection) -> dict[str, dict[str, str]]:
    """Each lot's ``pacte_lot_info`` labels, from the projection of procurement's lot events."""
    rows = await conn.fetch("SELECT lot_id, tender_id, axis, territory, domain, holder_organisation_id, status "
                            "FROM lots")
    return {row["lot_id"]: {"tender": row["tender_id"], "axis": row["axis"] or "",
                            "territory": row["territory"] or "", "domain": row["domain"] or "",
                            "organisation": row["holder_organisation_id"] or "", "status": row["status"] or ""}
            for row in rows}


_collector: IndicatorsCollector | None = None


def collector() -> IndicatorsCollector:
    """The process's collector, registered once in the default registry that /metrics exposes."""
    global _collector
    if _collector is None:
        _collector = IndicatorsCollector()
        REGISTRY.register(_collector)
    return _collector
