"""The shared rules: half-up rounding, rates, canonical quantities, who is active on a day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte_contracts.rules import (
    active_on,
    canonical_quantity,
    rate,
    rate_string,
    round_cents,
    round_half_up,
    warning_precision,
    warning_totals,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), ("0.4", 0), ("0.5", 1), ("1.49", 1), ("13265.5", 13266), ("-0.4", 0), ("-0.5", -1),
     ("-13265.5", -13266), ("-2.51", -3), ("2.5", 3), ("3.5", 4)],
)
def test_round_cents_ties_away_from_zero(value: str, expected: int) -> None:
    assert round_cents(Decimal(value)) == expected


def test_rounding_ignores_the_decimal_context_precision() -> None:
    assert round_cents(Decimal("123456789012345678901234567890.5")) == 123456789012345678901234567891
    assert round_half_up(Fraction(10**40 * 2 + 1, 2), 4) == Decimal(f"{10**40}.5000")
    assert round_cents(Decimal("0.01") * 50) == 1  # 0.5 cent


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (1, 8, "0.1250"), (2, 12, "0.1667"), (1, 3, "0.3333"), (2, 3, "0.6667"),
        (3, 60_000, "0.0001"),  # 0.00005 exactly: half up
        (5, 120_000, "0.0000"), (1, 20_000, "0.0001"), (1, 20_001, "0.0000"),
        (0, 7, "0.0000"), (7, 7, "1.0000"), (21, 5, "4.2000"), (Decimal("0.5"), 1, "0.5000"),
        (-1, 20_000, "-0.0001"), (-1, 20_001, "0.0000"),  # never "-0.0000"
    ],
)
def test_rates_round_half_up_to_four_decimals(num: int | Decimal, den: int, expected: str) -> None:
    assert rate_string(rate(num, den)) == expected


def test_rate_is_null_when_the_denominator_is_zero() -> None:
    assert rate(0, 0) is None
    assert rate(5, 0) is None
    assert rate_string(None) is None


def test_rate_is_exact_beyond_the_context_precision() -> None:
    den = 2 * 10**30
    assert rate_string(rate(10**26, den)) == "0.0001"  # 0.00005 exactly
    assert rate_string(rate(10**26 - 1, den)) == "0.0000"


def test_rate_string_prints_four_places_of_any_decimal() -> None:
    assert rate_string(Decimal("0.5")) == "0.5000"
    assert rate_string(Decimal("-0.03335")) == "-0.0334"
    assert rate_string(Decimal(1)) == "1.0000"
    assert str(rate(1, 2)) == "0.5000"


@pytest.mark.parametrize(
    ("q", "text"),
    [("10.75", "10.75"), ("10.750", "10.75"), ("-1", "-1"), ("-1.00", "-1"), ("44.50", "44.5"), ("3", "3"),
     ("3.0", "3"), ("0", "0"), ("0.00", "0"), ("-0", "0"), ("-0.00", "0"), ("-0E+3", "0"), ("1E+2", "100"),
     ("1.5E+1", "15"), ("0.05", "0.05"), ("1E-2", "0.01"), ("100", "100"), ("0.0001", "0.0001")],
)
def test_canonical_quantity(q: str, text: str) -> None:
    assert canonical_quantity(Decimal(q)) == text


def test_canonical_quantity_of_integers_and_refusal_of_non_numbers() -> None:
    assert canonical_quantity(5) == "5"
    assert canonical_quantity(0) == "0"
    for bad in ("NaN", "Infinity"):
        with pytest.raises(ValueError, match="not a quantity"):
            canonical_quantity(Decimal(bad))


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9))
def test_canonical_quantity_round_trips(q: Decimal) -> None:
    text = canonical_quantity(q)
    assert "E" not in text.upper()
    assert Decimal(text) == q
    assert text != "-0"
    if "." in text:
        assert not text.endswith("0")


def test_active_from_the_enrolment_to_the_exit_day_included() -> None:
    enrolled, exited = date(2019, 9, 26), date(2019, 9, 27)
    assert not active_on(enrolled, None, date(2019, 9, 25))
    assert active_on(enrolled, None, enrolled)
    assert active_on(enrolled, None, date(2030, 1, 1))
    assert active_on(enrolled, exited, exited)
    assert not active_on(enrolled, exited, date(2019, 9, 28))


def test_warning_totals_add_the_counts_and_recompute_the_precision() -> None:
    rows = [{"lot_id": "L-1", "open": 1, "raised": 3, "cleared": 1, "warned_trainees": 3, "warned_exited": 2,
             "warned_dropped_out": 1, "precision": "0.5000"},
            {"lot_id": "L-2", "open": 0, "raised": 1, "cleared": 0, "warned_trainees": 1, "warned_exited": 1,
             "warned_dropped_out": 1, "precision": "1.0000"}]
    assert warning_totals(rows) == {"open": 1, "raised": 4, "cleared": 1, "warned_trainees": 4, "warned_exited": 3,
                                    "warned_dropped_out": 2, "precision": Decimal("0.6667")}
    assert warning_totals([])["precision"] is None


def test_warning_precision_is_the_share_of_warned_leavers_who_dropped_out() -> None:
    assert warning_precision(2, 3) == Decimal("0.6667")
    assert warning_precision(0, 0) is None
