"""Rates as reported: 4 decimals, half up; undefined (None) when the denominator is 0."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

RATE_QUANTUM = Decimal("0.0001")


def reported(value: Decimal | None) -> Decimal | None:
    """A rate as the indicators report it (a target compares this, not the unrounded value)."""
    return None if value is None else value.quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


def rate(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` as reported; None when the denominator is 0."""
    return None if denominator <= 0 else reported(Decimal(numerator) / Decimal(denominator))


def format_rate(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(RATE_QUANTUM))
