"""Pathway indicators' reported shape and their Prometheus families."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from prometheus_client.core import Metric

from pacte_indicators.adapters.metric_families import pathway_families
from pacte_indicators.domain.pathways import PathwayCounts


def test_rates_are_four_decimals_and_the_median_one() -> None:
    counts = PathwayCounts(completers=3, continued=2, cross_organisation=1, median_days=Decimal("12.5"),
                           as_of=date(2020, 6, 1))
    assert counts.values() == {
        "essentials_completers": 3, "continued": 2, "continuation_rate": "0.6667",
        "median_days_between_steps": "12.5", "cross_organisation": 1, "cross_organisation_share": "0.5000",
        "as_of": "2020-06-01"}


def test_nobody_went_on_gives_no_median_and_no_share() -> None:
    values = PathwayCounts(completers=4, continued=0, cross_organisation=0, median_days=None).values()
    assert values["continuation_rate"] == "0.0000"
    assert values["median_days_between_steps"] is None and values["cross_organisation_share"] is None


def _samples(families: list[Metric]) -> dict[tuple[str, str], float]:
    return {(sample.name, sample.labels["scope_id"]): sample.value for family in families for sample in family.samples}


def test_prometheus_families_per_scope_of_the_first_step() -> None:
    families = list(pathway_families({
        "programme": PathwayCounts(4, 2, 1, Decimal(30)),
        "lot:L-1": PathwayCounts(1, 0, 0, None)}))
    samples = _samples(families)
    assert samples[("pacte_pathway_essentials_completers", "programme")] == 4
    assert samples[("pacte_pathway_continuation_ratio", "programme")] == 0.5
    assert samples[("pacte_pathway_between_steps_median_seconds", "programme")] == 30 * 86_400
    assert samples[("pacte_pathway_cross_organisation_ratio", "programme")] == 0.5
    assert samples[("pacte_pathway_continuation_ratio", "L-1")] == 0
    assert ("pacte_pathway_between_steps_median_seconds", "L-1") not in samples  # no pathway: no value, not 0
