"""Business figures as Prometheus metrics, from the last computed indicators (a custom collector).

Labels are bounded: the scope (type and id: programme, axes, tenders, lots, organisations,
territories, domains — all set by procurement, never by trainees), dropout reason codes and
priority-public codes. Counts that only grow are counters (``_total``) so rates can be computed in
PromQL; current values are gauges; ratios are 0-1 and money is in euros (the base unit).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

import asyncpg
from prometheus_client.core import REGISTRY, CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from pacte_contracts.codes import REFERENCE_COST_PER_PATH_CENTS
from pacte_indicators.domain.indicator_set import IndicatorSet
from pacte_indicators.domain.scopes import split_scope

SCOPE_LABELS = ["scope_type", "scope_id"]
#: Labels of ``pacte_lot_info``: all set by procurement (the holder is the awarded organisation).
LOT_INFO_LABELS = ["tender", "axis", "territory", "domain", "organisation", "status"]

#: rate name → (metric name, help); values are exact ratios, not the 4-decimal report strings.
RATIO_METRICS: Mapping[str, tuple[str, str]] = {
    "fill_rate": ("pacte_fill_ratio", "Entries over places offered (taux de places pourvues)."),
    "dropout_rate": ("pacte_dropout_ratio", "Dropouts over entries (taux d'abandon)."),
    "dropout_excl_employment_rate": ("pacte_dropout_excl_employment_ratio",
                                     "Dropouts for a reason other than return to work over entries."),
    "certification_rate": ("pacte_certification_ratio", "Full certifications over exits of certifying lots."),
    "partial_certification_rate": ("pacte_partial_certification_ratio",
                                   "Partial certifications over exits of certifying lots."),
    "return_to_work_6m_rate": ("pacte_return_to_work_6m_ratio",
                               "Exits employed 6 months after, over exits with a known 6-month outcome."),
    "durable_employment_6m_rate": ("pacte_durable_employment_6m_ratio",
                                   "Exits in durable employment 6 months after, over known 6-month outcomes."),
    "return_to_work_12m_rate": ("pacte_return_to_work_12m_ratio",
                                "Exits employed 12 months after, over exits with a known 12-month outcome."),
    "satisfaction_response_rate": ("pacte_satisfaction_response_ratio",
                                   "Satisfaction responses of exited trainees over exits."),
    "priority_public_share": ("pacte_priority_public_ratio", "Entries with a priority-public flag over entries."),
    "below_bac_share": ("pacte_below_bac_ratio", "Entries below bac over entries."),
    "access_rate": ("pacte_training_access_ratio",
                    "Entries of registered job seekers over the territory's job-seeker count."),
}


class IndicatorsCollector(Collector):
    """Holds the latest indicators; ``collect`` only formats them (scrapes never query the database)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scopes: dict[str, IndicatorSet] = {}
        self._budget: dict[str, dict[str, Any]] = {}
        self._lots: dict[str, dict[str, str]] = {}
        self._refreshed_at: float | None = None
        self._refresh_seconds: float = 0.0

    def update(self, scopes: Mapping[str, IndicatorSet], budget: Mapping[str, Mapping[str, Any]],
               refreshed_at: float, refresh_seconds: float,
               lots: Mapping[str, Mapping[str, str]] | None = None) -> None:
        with self._lock:
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
            refreshed_at, refresh_seconds = self._refreshed_at, self._refresh_seconds

        entries = CounterMetricFamily("pacte_entries", "Distinct (trainee, session) enrolments.",
                                      labels=SCOPE_LABELS)
        exits = CounterMetricFamily("pacte_exits", "Completions and dropouts.", labels=SCOPE_LABELS)
        dropouts = CounterMetricFamily("pacte_dropouts", "Dropouts by reason code.",
                                       labels=[*SCOPE_LABELS, "reason"])
        suspensions = CounterMetricFamily("pacte_suspensions", "Suspensions started.", labels=SCOPE_LABELS)
        publics = CounterMetricFamily("pacte_priority_public_entries", "Entries per priority-public flag.",
                                      labels=[*SCOPE_LABELS, "public"])
        places = GaugeMetricFamily("pacte_offered_places", "Capacity of scheduled, non-cancelled sessions.",
                                   labels=SCOPE_LABELS)
        ratios = {name: GaugeMetricFamily(metric, help_text, labels=SCOPE_LABELS)
                  for name, (metric, help_text) in RATIO_METRICS.items()}
        satisfaction = GaugeMetricFamily("pacte_satisfaction_score_average",
                                         "Mean satisfaction score (1-5) of exited trainees.", labels=SCOPE_LABELS)
        money = {
            "committed": GaugeMetricFamily("pacte_committed_euros", "Amounts of placed orders.",
                                           labels=SCOPE_LABELS),
            "invoiced": GaugeMetricFamily("pacte_invoiced_euros", "Payable of issued invoices.",
                                          labels=SCOPE_LABELS),
            "paid": GaugeMetricFamily("pacte_paid_euros", "Payable of paid invoices.", labels=SCOPE_LABELS),
            "accrued": GaugeMetricFamily("pacte_accrued_euros", "Billable but not yet invoiced (running accrual).",
                                         labels=SCOPE_LABELS),
        }
        cost = GaugeMetricFamily("pacte_cost_per_entry_euros", "Invoiced payable per entry.", labels=SCOPE_LABELS)
        for scope, ind in scopes.items():
            labels = list(split_scope(scope))
            entries.add_metric(labels, ind.entries)
            exits.add_metric(labels, ind.exits)
            for reason, count in ind.dropouts_by_reason:
                dropouts.add_metric([*labels, reason], count)
            suspensions.add_metric(labels, ind.suspensions)
            for public, count in ind.entries_by_public:
                publics.add_metric([*labels, public], count)
            places.add_metric(labels, ind.places_offered)
            for name, ratio in ind.ratios:
                if ratio.denominator == 0:
                    continue
                value = ratio.numerator / ratio.denominator
                if name == "satisfaction_avg":
                    satisfaction.add_metric(labels, value)
                else:
                    ratios[name].add_metric(labels, value)
            money["committed"].add_metric(labels, ind.money.committed_cents / 100)
            money["invoiced"].add_metric(labels, ind.money.invoiced_cents / 100)
            money["paid"].add_metric(labels, ind.money.paid_cents / 100)
            money["accrued"].add_metric(labels, ind.money.accrued_cents / 100)
            per_entry = ind.cost_per_entry_cents
            if per_entry is not None:
                cost.add_metric(labels, per_entry / 100)

        yield from (entries, exits, dropouts, suspensions, publics, places, *ratios.values(), satisfaction,
                    *money.values(), cost)
        yield GaugeMetricFamily("pacte_cost_per_entry_reference_euros",
                                "Reference full cost of one training path (5,500 EUR).",
                                value=REFERENCE_COST_PER_PATH_CENTS / 100)
        share = GaugeMetricFamily("pacte_budget_axis_share_ratio", "Committed of the axis over all committed.",
                                  labels=["axis"])
        target = GaugeMetricFamily("pacte_budget_axis_target_ratio", "The pact's budget target of the axis.",
                                   labels=["axis"])
        for axis, values in budget.items():
            if values.get("share") is not None:
                share.add_metric([axis], float(values["share"]))
            target.add_metric([axis], float(values["target"]))
        yield share
        yield target
        info = GaugeMetricFamily("pacte_lot_info", "A lot's place in the programme (always 1), to filter lot "
                                 "scopes by territory, domain or holder: join on scope_id.",
                                 labels=["scope_type", "scope_id", *LOT_INFO_LABELS])
        for lot, values in lots.items():
            info.add_metric(["lot", lot, *(values.get(name) or "" for name in LOT_INFO_LABELS)], 1)
        yield info
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
