from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_billing.domain.money import line_amount
from pacte_billing.service_layer.fact_batch import _hours
from pacte_contracts.rules import canonical_quantity
from pacte_platform.consumer import PoisonMessage


@pytest.mark.parametrize(
    ("quantity", "price", "expected"),
    [
        ("10.75", 1234, 13266),  # small scenario, BC-3 2019-09: 13265.5 rounds up
        ("22.5", 1234, 27765),
        ("44.5", 6500, 289250),
        ("-1", 6500, -6500),
        ("0.01", 50, 1),  # 0.5 cent
        ("-0.01", 50, -1),
        ("0", 99999, 0),
        ("3", 95000, 285000),
    ],
)
def test_line_amount(quantity: str, price: int, expected: int) -> None:
    assert line_amount(Decimal(quantity), price) == expected


def test_rounding_happens_once_after_summing() -> None:
    # Per-record rounding would give 2 x round(0.5) = 2; the rule rounds the sum once.
    per_record = sum(line_amount(Decimal("0.01"), 50) for _ in range(2))
    assert per_record == 2
    assert line_amount(Decimal("0.02"), 50) == 1


@pytest.mark.parametrize("text", ["7", "7.5", "7.50", "3.25", "0", "0.00", "1E+1"])
def test_event_hours_read_by_the_shared_hours_rule(text: str) -> None:
    # The facts consumer reads the hours attendance published with the contracts' one rule.
    assert _hours(text) == Decimal(text)
    assert canonical_quantity(_hours(text)) == canonical_quantity(Decimal(text))


@pytest.mark.parametrize("text", ["7.125", "abc", "-1", "NaN"])
def test_malformed_event_hours_are_poison(text: str) -> None:
    with pytest.raises(PoisonMessage):
        _hours(text)


@given(st.integers(min_value=0, max_value=100000))
def test_two_places_are_exact(hundredths: int) -> None:
    assert _hours(str(Decimal(hundredths) / 100)) == Decimal(hundredths) / 100
