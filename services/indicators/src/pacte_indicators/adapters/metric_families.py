"""The business metrics' families, built from computed indicators (what a scrape of /metrics shows).

Labels are bounded: the scope (type and id: programme, axes, tenders, lots, organisations,
territories, domains, action types — all set by procurement, never by trainees), dropout reason
codes and priority-public codes. Counts that only grow are counters (``_total``) so rates can be
computed in PromQL; current values are gauges; ratios are 0-1 and money is in euros (the base unit).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from pacte_contracts.codes import REFERENCE_COST_PER_PATH_CENTS
from pacte_indicators.domain.counts import split_scope
from pacte_indicators.domain.indicator_set import IndicatorSet
from pacte_indicators.domain.pathways import PathwayCounts

SECONDS_PER_DAY = 86_400

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

#: MoneyFacts field → (metric name, help), in euros.
MONEY_METRICS: Mapping[str, tuple[str, str]] = {
    "committed_cents": ("pacte_committed_euros", "Amounts of placed orders (a closed order's lowered amount)."),
    "invoiced_cents": ("pacte_invoiced_euros", "Payable of counting invoices (every version but a disputed one)."),
    "paid_cents": ("pacte_paid_euros", "Payable of paid invoices."),
    "accrued_cents": ("pacte_accrued_euros", "Billable but not yet invoiced (running accrual)."),
}


def _gauge(name: str, help_text: str, *extra_labels: str) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, help_text, labels=[*SCOPE_LABELS, *extra_labels])


def _counter(name: str, help_text: str, *extra_labels: str) -> CounterMetricFamily:
    return CounterMetricFamily(name, help_text, labels=[*SCOPE_LABELS, *extra_labels])


def scope_families(scopes: Mapping[str, IndicatorSet]) -> Iterator[Metric]:
    """Every scope's counts, ratios and money."""
    entries = _counter("pacte_entries", "Distinct (trainee, session) enrolments, cancelled ones left out.")
    exits = _counter("pacte_exits", "Completions and dropouts.")
    dropouts = _counter("pacte_dropouts", "Dropouts by reason code.", "reason")
    suspensions = _counter("pacte_suspensions", "Suspensions started.")
    publics = _counter("pacte_priority_public_entries", "Entries per priority-public flag.", "public")
    places = _gauge("pacte_offered_places", "Capacity of scheduled, non-cancelled sessions.")
    ratios = {name: _gauge(metric, help_text) for name, (metric, help_text) in RATIO_METRICS.items()}
    satisfaction = _gauge("pacte_satisfaction_score_average", "Mean satisfaction score (1-5) of exited trainees.")
    money = {field: _gauge(metric, help_text) for field, (metric, help_text) in MONEY_METRICS.items()}
    cost = _gauge("pacte_cost_per_entry_euros", "Payable of counting invoices per entry.")
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
            if ratio.denominator:
                family = satisfaction if name == "satisfaction_avg" else ratios[name]
                family.add_metric(labels, ratio.numerator / ratio.denominator)
        for field, family in money.items():
            family.add_metric(labels, getattr(ind.money, field) / 100)
        if ind.cost_per_entry_cents is not None:
            cost.add_metric(labels, ind.cost_per_entry_cents / 100)
    yield from (entries, exits, dropouts, suspensions, publics, places, *ratios.values(), satisfaction,
                *money.values(), cost)
    yield GaugeMetricFamily("pacte_cost_per_entry_reference_euros",
                            "Reference full cost of one training path (5,500 EUR).",
                            value=REFERENCE_COST_PER_PATH_CENTS / 100)


def budget_families(budget: Mapping[str, Mapping[str, Any]]) -> Iterator[Metric]:
    share = GaugeMetricFamily("pacte_budget_axis_share_ratio", "Committed of the axis over all committed.",
                              labels=["axis"])
    target = GaugeMetricFamily("pacte_budget_axis_target_ratio", "The pact's budget target of the axis.",
                               labels=["axis"])
    for axis, values in budget.items():
        if values.get("share") is not None:
            share.add_metric([axis], float(values["share"]))
        target.add_metric([axis], float(values["target"]))
    yield from (share, target)


def lot_info_family(lots: Mapping[str, Mapping[str, str]]) -> Metric:
    info = GaugeMetricFamily("pacte_lot_info", "A lot's place in the programme (always 1), to filter lot "
                             "scopes by territory, domain or holder: join on scope_id.",
                             labels=["scope_type", "scope_id", *LOT_INFO_LABELS])
    for lot, values in lots.items():
        info.add_metric(["lot", lot, *(values.get(name) or "" for name in LOT_INFO_LABELS)], 1)
    return info


def pathway_families(pathways: Mapping[str, PathwayCounts]) -> Iterator[Metric]:
    """Pathways from Essentials per scope of the first step, as of the newest fact (never a person)."""
    completers = _gauge("pacte_pathway_essentials_completers",
                        "People who completed an Essentials session and were observed for 90 days since.")
    continuation = _gauge("pacte_pathway_continuation_ratio",
                          "Of them, the share who entered a certifying or professionalising session within 90 days.")
    # Prometheus's base unit of time is the second (promtool rejects a `days` metric); Grafana shows it in days.
    median = _gauge("pacte_pathway_between_steps_median_seconds",
                    "Median time between the Essentials completion and the next step's entry (days, in seconds).")
    crossing = _gauge("pacte_pathway_cross_organisation_ratio",
                      "Share of continued pathways whose next step is at another organisation.")
    for scope, counts in pathways.items():
        labels = list(split_scope(scope))
        completers.add_metric(labels, counts.completers)
        median_seconds = None if counts.median_days is None else counts.median_days * SECONDS_PER_DAY
        for family, value in ((continuation, counts.continuation_rate), (median, median_seconds),
                              (crossing, counts.cross_organisation_share)):
            if value is not None:
                family.add_metric(labels, float(value))
    yield from (completers, continuation, median, crossing)
