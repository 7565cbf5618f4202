"""Rates as reported (4 decimals, half up; None when the denominator is 0): the shared rule."""

from __future__ import annotations

from decimal import Decimal

from pacte_contracts.rules import RATE_PLACES, rate, round_half_up
from pacte_contracts.rules import rate_string as format_rate

__all__ = ["format_rate", "rate", "reported"]


def reported(value: Decimal | None) -> Decimal | None:
    """A rate as the indicators report it (a target compares this, not the unrounded value)."""
    return None if value is None else round_half_up(value, RATE_PLACES)
