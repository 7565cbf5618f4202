"""A scope's indicators once counted: null rates, cost per entry, French dropout reasons, the budget."""

from __future__ import annotations

import pytest

from pacte_contracts.codes import Axis
from pacte_indicators.domain.budget import axis_budget
from pacte_indicators.domain.explanations import dropout_reasons_fr
from pacte_indicators.domain.indicator_set import Ratio, cost_per_entry


def test_a_ratio_over_zero_is_null() -> None:
    assert Ratio(3, 0).value is None
    assert Ratio(3, 0).formatted is None
    assert Ratio(2, 3).formatted == "0.6667"
    assert str(Ratio(1, 2).value) == "0.5000"


@pytest.mark.parametrize(
    ("invoiced", "entries", "expected"),
    [
        (1_259_750, 12, 104_979),
        (784_750, 8, 98_094),  # 98093.75
        (475_000, 4, 118_750),
        (5, 2, 3),  # 2.5 -> 3
        (7, 2, 4),  # 3.5 -> 4
        (-5, 2, -3),  # a credit rounds away from zero too
        (0, 3, 0),
        (100, 0, None),
    ],
)
def test_cost_per_entry_rounds_half_up(invoiced: int, entries: int, expected: int | None) -> None:
    assert cost_per_entry(invoiced, entries) == expected


def test_dropout_reasons_fr_in_region_order() -> None:
    rows = dropout_reasons_fr({"return_to_work": 1, "material_reason": 2, "other": 0})
    assert rows == [
        {
            "code": "material_reason",
            "label_fr": "Raison matérielle (mobilité, déménagement, finances)",
            "count": 2,
        },
        {"code": "return_to_work", "label_fr": "Retour à l'emploi", "count": 1},
    ]
    full = dropout_reasons_fr({}, include_zero=True)
    assert full[0]["code"] == "project_abandoned"
    assert len(full) == 8
    assert all(r["count"] == 0 for r in full)


def test_axis_budget_shares_and_targets() -> None:
    budget = axis_budget({"qualifying": 2_060_000, "essentials": 1_000_000}, {"qualifying": 5}, {})
    assert list(budget) == ["qualifying", "essentials", "transverse"]
    assert budget["qualifying"] == {
        "committed_cents": 2_060_000,
        "payable_cents": 5,
        "paid_cents": 0,
        "share": "0.6732",
        "target": "0.5000",
    }
    assert budget["essentials"]["share"] == "0.3268"
    assert budget["transverse"]["share"] == "0.0000"
    assert budget["transverse"]["target"] == "0.0700"
    assert axis_budget({Axis.TRANSVERSE: 1}, {}, {})["transverse"]["share"] == "1.0000"


def test_axis_budget_share_null_when_nothing_committed() -> None:
    budget = axis_budget({}, {}, {})
    assert all(entry["share"] is None for entry in budget.values())
    assert budget["essentials"]["target"] == "0.4300"
