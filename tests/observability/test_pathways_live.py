"""Pathways and early dropout warnings (issue 22) over the real stack and Prometheus of conftest.py, after
its generated programme: the figures the dashboards show equal what the buyer reads in the APIs, the
continuity bonuses were invoiced, and the warnings' metrics carry a lot, never a person.

The warning's precision measured here is printed (`-s`): raised, cleared, warned trainees who left,
of whom dropped out, per lot and overall, with the generated programme's seed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from pacte_cli.scenario.pathways import continuity_bonuses

pytestmark = pytest.mark.e2e

WARNING_FAMILIES = ("pacte_dropout_warnings_raised_total", "pacte_dropout_warnings_cleared_total",
                    "pacte_dropout_warned_exits_total")
#: Every label a warning series may carry: the scrape's own, the lot and the exit's outcome. Never who.
ALLOWED_LABELS = {"__name__", "job", "instance", "lot", "outcome"}


def scalar(observed: Any, expr: str) -> float:
    result = observed.query(expr)["data"]["result"]
    assert len(result) == 1, (expr, result)
    return float(result[0]["value"][1])


def test_the_pathway_gauges_equal_the_buyers_reading(observed: Any) -> None:
    programme = observed.pathways.programme
    print(f"\npathways of the generated programme {observed.generated}: {programme}")
    assert programme["essentials_completers"] > 0 and programme["continued"] > 0
    assert programme["cross_organisation"] > 0
    gauge = scalar(observed, 'pacte_pathway_continuation_ratio{scope_type="programme"}')
    assert Decimal(str(gauge)).quantize(Decimal("0.0001")) == Decimal(programme["continuation_rate"])
    assert scalar(observed, 'pacte_pathway_essentials_completers{scope_type="programme"}') == \
        programme["essentials_completers"]
    median = scalar(observed, 'pacte_pathway_between_steps_median_seconds{scope_type="programme"}') / 86_400
    assert Decimal(str(median)).quantize(Decimal("0.1")) == Decimal(programme["median_days_between_steps"])


def test_continuity_bonuses_are_invoiced(observed: Any) -> None:
    people, cents = continuity_bonuses(observed.invoices)
    print(f"\ncontinuity bonuses invoiced: {people} people, {cents} cents")
    assert people > 0 and cents >= people * 30_000


def test_the_warning_counters_equal_the_buyers_counts_and_name_no_one(observed: Any) -> None:
    warnings = observed.pathways.warnings
    by_lot = observed.pathways.warnings_by_lot
    print(f"\nearly dropout warnings of the generated programme (seed {observed.generated['seed']}): {warnings}, "
          f"precision {warnings.precision}")
    for lot, counts in by_lot.items():
        print(f"  {lot}: {counts}, precision {counts.precision}")
    assert warnings.raised > 0 and warnings.warned_exited > 0
    assert scalar(observed, "sum(pacte_dropout_warnings_raised_total)") == warnings.raised
    assert scalar(observed, "sum(pacte_dropout_warnings_cleared_total)") == warnings.cleared
    exits = observed.query("sum by (lot, outcome) (pacte_dropout_warned_exits_total)")["data"]["result"]
    counted = {(s["metric"]["lot"], s["metric"]["outcome"]): float(s["value"][1]) for s in exits}
    print(f"  pacte_dropout_warned_exits_total: {counted}")
    assert sum(counted.values()) == warnings.warned_exited
    assert sum(v for (_, outcome), v in counted.items() if outcome == "dropped_out") == warnings.warned_dropped_out
    for family in WARNING_FAMILIES:
        series = httpx.get(observed.prometheus_url + "/api/v1/series", params={"match[]": family}, timeout=30).json()
        assert series["data"], family
        for labels in series["data"]:
            assert set(labels) <= ALLOWED_LABELS, labels
            assert labels["lot"] in by_lot, labels
