"""The pact trajectory's metrics (Grafana's "pact trajectory" dashboard): the targets per year, and per
year the entries and money of the programme, each axis and each territory, from the same reads as
`GET /trajectory`. Labels are bounded: years of the pact and of the facts, axes, territories, months
(of the programme only). Money in euros."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from prometheus_client.core import GaugeMetricFamily, Metric

from pacte_indicators.domain.counts import split_scope

_MONEY = (("committed_cents", "committed"), ("invoiced_cents", "invoiced"), ("paid_cents", "paid"))


def trajectory_families(trajectories: Mapping[str, Mapping[str, Any]]) -> Iterator[Metric]:
    paths = GaugeMetricFamily("pacte_pact_target_paths", "The pact's planned training paths (entries) of a year.",
                              labels=["year"])
    money_target = GaugeMetricFamily("pacte_pact_target_euros", "The pact's money of a year: the State's "
                                     "(budget=pact) and the employment service's own (budget=own).",
                                     labels=["year", "budget"])
    entries = GaugeMetricFamily("pacte_pact_year_entries", "Entries of a year (by enrolment date).",
                                labels=["scope_type", "scope_id", "year"])
    money = GaugeMetricFamily("pacte_pact_year_euros", "Money of a year: committed (by the order's first session), "
                              "invoiced (counting invoices' payable, by period) and paid (by period).",
                              labels=["scope_type", "scope_id", "year", "kind"])
    month_entries = GaugeMetricFamily("pacte_pact_month_entries", "The programme's entries of a month, beside "
                                      "its pace (the year's target over 12).", labels=["month", "series"])
    for scope, trajectory in trajectories.items():
        labels = list(split_scope(scope))
        for year in trajectory["years"]:
            entries.add_metric([*labels, str(year["year"])], year["entries"])
            for field, kind in _MONEY:
                money.add_metric([*labels, str(year["year"]), kind], year[field] / 100)
            if scope == "programme" and year["paths_target"] is not None:
                paths.add_metric([str(year["year"])], year["paths_target"])
                money_target.add_metric([str(year["year"]), "pact"], year["pact_target_cents"] / 100)
                money_target.add_metric([str(year["year"]), "own"], year["own_budget_target_cents"] / 100)
        if scope == "programme":
            for month in trajectory["months"]:
                month_entries.add_metric([month["month"], "entries"], month["entries"])
                if month["paths_pace"] is not None:
                    month_entries.add_metric([month["month"], "pace"], float(month["paths_pace"]))
    yield from (paths, money_target, entries, money, month_entries)
