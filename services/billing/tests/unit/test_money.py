from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_billing.domain.money import decimal_places, line_amount, parse_hours
from pacte_contracts.rules import canonical_quantity


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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, Decimal(7)),
        (0, Decimal(0)),
        (7.5, Decimal("7.5")),
        (3.25, Decimal("3.25")),
        (0.1, Decimal("0.1")),
        (7.10, Decimal("7.1")),
        (-2.5, Decimal("-2.5")),  # sign is the caller's range check
        (-0.0, Decimal(0)),
        ("7.5", Decimal("7.5")),
        ("7.50", Decimal("7.5")),
        ("1e2", Decimal(100)),
        (1e20, Decimal(10**20)),
        (Decimal("6.00"), Decimal(6)),
    ],
)
def test_parse_hours_accepts(value: object, expected: Decimal) -> None:
    parsed = parse_hours(value)
    assert parsed == expected
    assert parsed is not None
    assert canonical_quantity(parsed) == canonical_quantity(expected)


@pytest.mark.parametrize(
    "value",
    [
        7.125,  # the small scenario's refused record
        0.001,
        1e-7,
        "7.125",
        True,
        False,
        None,
        "abc",
        "",
        " 7",
        "7.",
        ".5",
        "NaN",
        "Infinity",
        "+7",
        float("nan"),
        float("inf"),
        float("-inf"),
        [7],
        {"h": 7},
        Decimal("NaN"),
        Decimal("Infinity"),
    ],
)
def test_parse_hours_rejects(value: object) -> None:
    assert parse_hours(value) is None


@given(st.integers(min_value=-100000, max_value=100000))
def test_parse_hours_float_two_places_is_exact(hundredths: int) -> None:
    as_float = hundredths / 100
    assert parse_hours(as_float) == Decimal(hundredths) / 100


@given(st.integers(min_value=1, max_value=10**6).filter(lambda n: n % 10 != 0))
def test_parse_hours_three_places_is_malformed(thousandths: int) -> None:
    assert parse_hours(thousandths / 1000) is None
    assert parse_hours(str(Decimal(thousandths) / 1000)) is None


def test_decimal_places() -> None:
    assert decimal_places(Decimal("7.10")) == 1
    assert decimal_places(Decimal("7.125")) == 3
    assert decimal_places(Decimal("700")) == 0
    assert decimal_places(Decimal("1E+3")) == 0
