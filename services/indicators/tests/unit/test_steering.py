"""The pact's reference data, the trajectory's targets per scope and the dropout analysis's shape."""

from __future__ import annotations

from fractions import Fraction

import pytest

from pacte_contracts.refusals import Rejection
from pacte_indicators.adapters.sql.dropouts import _band_case
from pacte_indicators.domain.commands import ScopeBaseline, SetBaseline, SetPactTargets, YearTarget
from pacte_indicators.domain.dropouts import Entrants, analysis, band_codes
from pacte_indicators.domain.targets import Baseline, PactTargets, decide_baseline, decide_targets
from pacte_indicators.domain.trajectory import MonthFigures, months_of, shares_of, trajectory

PACT = PactTargets((YearTarget(year=2019, paths=23454, pact_cents=13_600_000_000, own_budget_cents=4_780_000_000),
                    YearTarget(year=2020, paths=26727, pact_cents=16_200_000_000, own_budget_cents=4_780_000_000)),
                   50_181, 29_800_000_000)


def _targets(*years: int, paths: int = 1) -> SetPactTargets:
    return SetPactTargets(years=[YearTarget(year=y, paths=paths, pact_cents=1, own_budget_cents=1) for y in years],
                          total_paths=1, total_pact_cents=1)


def test_targets_are_sorted_by_year_and_refused_when_malformed() -> None:
    decided = decide_targets(_targets(2021, 2019))
    assert isinstance(decided, PactTargets) and [t.year for t in decided.years] == [2019, 2021]
    for bad in (_targets(), _targets(2019, 2019), _targets(1999), _targets(2019, paths=-1)):
        assert isinstance(decide_targets(bad), Rejection)


def test_baselines_are_for_the_programme_an_axis_or_a_territory() -> None:
    def baseline(*scopes: str, year: int = 2017) -> SetBaseline:
        return SetBaseline(year=year, scopes=[ScopeBaseline(scope=s, jobseeker_entries=3, below_bac_entries=2)
                                              for s in scopes])

    assert decide_baseline(baseline("programme", "territory:69", "axis:essentials")) == [
        Baseline("programme", 2017, 3, 2), Baseline("territory:69", 2017, 3, 2),
        Baseline("axis:essentials", 2017, 3, 2)]
    for bad in (baseline("lot:L-1"), baseline("territory:99"), baseline("programme", "programme"),
                baseline(year=1917)):
        assert isinstance(decide_baseline(bad), Rejection)


def test_an_axis_carries_its_share_of_the_money_and_no_paths() -> None:
    assert shares_of("programme") == shares_of("programme")
    assert shares_of("axis:transverse").money == Fraction(7, 100) and shares_of("axis:transverse").paths is None
    assert shares_of("territory:69").money is None
    axis = trajectory("axis:qualifying", PACT, None, {"2019-10": MonthFigures(committed_cents=10)}, 5)
    year = axis["years"][0]
    assert (year["pact_target_cents"], year["own_budget_target_cents"], year["paths_target"]) == (
        6_800_000_000, 2_390_000_000, None)
    assert year["committed_rate"] == "0.0000" and axis["totals"]["committed_cents"] == 15
    assert axis["months"][0]["paths_pace"] is None


def test_months_cover_the_pacts_years_and_the_facts() -> None:
    assert months_of([2019], {"2018-12": MonthFigures()})[:2] == ["2018-12", "2019-01"]
    assert len(months_of([2019, 2020], {})) == 24 and months_of([], {}) == []


def test_baseline_comparisons() -> None:
    found = trajectory("programme", PACT, Baseline("programme", 2017, 8, 4),
                       {"2019-03": MonthFigures(entries=12, jobseeker_entries=10, below_bac_entries=5)}, 0)
    year = found["years"][0]
    assert year["jobseeker_entries_vs_baseline"] == {"baseline": 8, "difference": 2, "ratio": "1.2500"}
    assert year["below_bac_entries_vs_baseline"] == {"baseline": 4, "difference": 1, "ratio": "1.2500"}
    assert found["months"][2]["paths_pace"] == "1954.5" and found["totals"]["paths_target_of_years"] == 50_181


def test_length_bands_and_their_sql() -> None:
    assert band_codes() == ["under_150", "150_299", "300_599", "600_plus", "unknown"]
    assert _band_case("h") == ("CASE WHEN h IS NULL THEN 'unknown' WHEN h < 150 THEN 'under_150' "
                               "WHEN h < 300 THEN '150_299' WHEN h < 600 THEN '300_599' ELSE '600_plus' END")


@pytest.mark.parametrize("weeks", [[(1, "return_to_work", 2), (3, "other", 1)]])
def test_analysis_rates_with_and_without_return_to_work(weeks: list[tuple[int, str, int]]) -> None:
    groups = {("certifying", "600_plus"): Entrants(10, 3, 1, 4, 2, 1), ("preparatory", "under_150"): Entrants(6)}
    found = analysis("programme", None, groups, [("other", "qpv", "certifying", "600_plus", 1)], weeks)
    assert found["rates"]["dropout_rate"] == "0.1875" and found["rates"]["dropout_excl_employment_rate"] == "0.0625"
    band = next(b for b in found["by_length_band"] if b["code"] == "600_plus")
    assert band["below_bac_dropout_rate"] == "0.5000" and band["below_bac_dropout_excl_employment_rate"] == "0.2500"
    assert found["by_week"][0] == {"week": 1, "dropouts": 2, "dropouts_excl_employment": 0,
                                   "by_reason": {"return_to_work": 2}}
    assert found["by_reason"]["return_to_work"] == 2 and found["by_reason"]["other"] == 1
