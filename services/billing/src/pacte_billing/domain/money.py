"""Money of BILLING.md: integer cents, a line's amount rounded once after its quantity is summed."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from pacte_contracts.rules import round_cents


def line_amount(quantity: Decimal, unit_price_cents: int) -> int:
    """A line's amount, rounded once after the quantity is summed."""
    return round_cents(Fraction(quantity) * unit_price_cents)
