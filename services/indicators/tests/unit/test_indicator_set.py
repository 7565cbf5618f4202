from __future__ import annotations

from decimal import Decimal

import pytest

from pacte_indicators.domain.compute import (
    Ratio,
    cost_per_entry,
    format_quantity,
    format_rate,
    rate_value,
)


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (1, 8, "0.1250"),
        (2, 12, "0.1667"),
        (1, 3, "0.3333"),
        (2, 3, "0.6667"),
        (3, 60_000, "0.0001"),  # 0.00005 exactly: half up
        (5, 120_000, "0.0000"),  # 0.0000416...
        (1, 20_000, "0.0001"),  # 0.00005
        (1, 20_001, "0.0000"),  # just under the half
        (0, 7, "0.0000"),
        (7, 7, "1.0000"),
        (21, 5, "4.2000"),
        (Decimal("0.5"), 1, "0.5000"),
        (-1, 20_000, "-0.0001"),
    ],
)
def test_format_rate_rounds_half_up_to_four_decimals(num: int | Decimal, den: int, expected: str) -> None:
    assert format_rate(num, den) == expected


def test_format_rate_is_null_when_denominator_is_zero() -> None:
    assert format_rate(0, 0) is None
    assert format_rate(5, 0) is None
    assert rate_value(3, 0) is None
    assert Ratio(3, 0).value is None
    assert Ratio(3, 0).formatted is None


def test_rate_value_is_the_reported_rounding() -> None:
    assert rate_value(2, 3) == Decimal("0.6667")
    assert str(rate_value(1, 2)) == "0.5000"
    assert str(rate_value(0, 9)) == "0.0000"


def test_rounding_is_exact_beyond_decimal_context_precision() -> None:
    # exact half at the 5th decimal with a denominator that needs more than 28 digits of quotient
    den = 2 * 10**30
    assert format_rate(10**26, den) == "0.0001"  # 0.00005 exactly
    assert format_rate(10**26 - 1, den) == "0.0000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0"), "0"),
        (Decimal("0.00"), "0"),
        (Decimal("-0"), "0"),
        (Decimal("10.750"), "10.75"),
        (Decimal("71.5"), "71.5"),
        (Decimal("45.00"), "45"),
        (Decimal("100"), "100"),
        (Decimal("1E+2"), "100"),
        (Decimal("-1"), "-1"),
        (Decimal("0.0001"), "0.0001"),
        (5, "5"),
    ],
)
def test_format_quantity_is_canonical(value: Decimal | int, expected: str) -> None:
    assert format_quantity(value) == expected


@pytest.mark.parametrize(
    ("invoiced", "entries", "expected"),
    [
        (1_259_750, 12, 104_979),
        (784_750, 8, 98_094),  # 98093.75
        (475_000, 4, 118_750),
        (5, 2, 3),  # 2.5 -> 3
        (7, 2, 4),  # 3.5 -> 4
        (0, 3, 0),
        (100, 0, None),
    ],
)
def test_cost_per_entry_rounds_half_up(invoiced: int, entries: int, expected: int | None) -> None:
    assert cost_per_entry(invoiced, entries) == expected
