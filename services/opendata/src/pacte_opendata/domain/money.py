"""Money as published: euros from integer cents, exact (never through a float)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def euros(cents: int) -> Decimal:
    """1234567 → Decimal('12345.67'); always two decimals."""
    return Decimal(cents).scaleb(-2)


def euros_per(cents: int, count: int) -> Decimal | None:
    """cents / count in euros, rounded half up to the cent; None when count is 0."""
    if count == 0:
        return None
    value = Fraction(cents, count)
    whole = (abs(value.numerator) * 2 + value.denominator) // (value.denominator * 2)
    return euros(whole if value >= 0 else -whole)
