"""The reference model on the worked example: the small scenario's indicators, rebuilt from
hand-attributed facts, match small.expected.json."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pacte_indicators.domain.budget import axis_budget

from .small_facts import JOBSEEKERS, TERRITORY_OF_LOT, in_lots, money_of

EXPECTED: dict[str, Any] = json.loads(
    (Path(__file__).parent / "small_expected_indicators.json").read_text(encoding="utf-8")
)


def _expected(scope: str) -> dict[str, Any]:
    scope_values: dict[str, Any] = EXPECTED["indicators"][scope]
    return scope_values


def test_programme_matches_report_including_key_order() -> None:
    expected = _expected("programme")
    values = in_lots("L-69-DIG", "L-38-BTP", "L-63-ESS").compute(money_of(expected)).values()
    assert values == expected
    assert list(values) == list(expected)


@pytest.mark.parametrize("lot", ["L-69-DIG", "L-38-BTP", "L-63-ESS"])
def test_lot_scopes_match_report(lot: str) -> None:
    expected = _expected(f"lot:{lot}")
    values = in_lots(lot).compute(money_of(expected)).values()
    assert values == expected
    assert list(values) == list(expected)


def test_axis_qualifying_matches_report() -> None:
    expected = _expected("axis:qualifying")
    assert in_lots("L-69-DIG", "L-38-BTP").compute(money_of(expected)).values() == expected


@pytest.mark.parametrize(
    ("lot", "access_rate"), [("L-38-BTP", "0.0001"), ("L-69-DIG", "0.0000"), ("L-63-ESS", None)]
)
def test_territory_scopes_match_report(lot: str, access_rate: str | None) -> None:
    territory = TERRITORY_OF_LOT[lot]
    expected = _expected(f"territory:{territory}")
    result = in_lots(lot).compute(
        money_of(expected), is_territory=True, jobseeker_count=JOBSEEKERS.get(territory)
    )
    values = result.values()
    assert values == expected
    assert list(values) == list(expected)
    assert list(values)[-1] == "access_rate"
    assert values["access_rate"] == access_rate


def test_territory_38_access_rate_rounds_half_up() -> None:
    result = in_lots("L-38-BTP").compute(is_territory=True, jobseeker_count=60_000)
    assert result.explain()["access_rate"]["numerator"] == 3
    assert result.denominator("access_rate") == 60_000
    assert result.rate("access_rate") == Decimal("0.0001")


def test_budget_matches_report() -> None:
    expected = EXPECTED["budget"]
    committed = {axis: v["committed_cents"] for axis, v in expected.items() if v["committed_cents"]}
    payable = {axis: v["payable_cents"] for axis, v in expected.items()}
    paid = {axis: v["paid_cents"] for axis, v in expected.items()}
    budget = axis_budget(committed, payable, paid)
    assert budget == expected
    assert list(budget) == list(expected)


def test_milestone_m1_dropout_rate_of_lot_as_of_october_close() -> None:
    result = in_lots("L-69-DIG").compute(as_of=date(2019, 10, 31))
    assert result.rate("dropout_rate") == Decimal("0.2000")
    assert result.denominator("dropout_rate") == 5


def test_milestone_m2_satisfaction_as_of_september_close_has_one_response() -> None:
    # TR-004 (exited 27/09, score 5) counts; TR-001 answered on 30/09 but exits on 04/10.
    result = in_lots("L-69-DIG").compute(as_of=date(2019, 9, 30))
    assert result.rate("satisfaction_avg") == Decimal("5.0000")
    assert result.denominator("satisfaction_avg") == 1
    october = in_lots("L-69-DIG").compute(as_of=date(2019, 10, 31))
    assert october.rate("satisfaction_avg") == Decimal("4.2000")
    assert october.denominator("satisfaction_avg") == 5


def test_programme_as_of_end_of_september() -> None:
    values = in_lots("L-69-DIG", "L-38-BTP", "L-63-ESS").compute(as_of=date(2019, 9, 30)).values()
    assert values["places_offered"] == 30  # DIG 12 + ESS-1 10 + BTP-1 8
    assert values["entries"] == 10  # ESS-2 enrolments are in 2020
    assert values["exits"] == 1
    assert values["dropouts_by_reason"] == {"return_to_work": 1}
    assert values["suspensions"] == 1
    assert values["return_to_work_6m_rate"] is None
