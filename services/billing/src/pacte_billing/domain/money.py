"""Money and quantity arithmetic of BILLING.md: integer cents, exact decimal quantities."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from pacte_contracts.rules import round_cents

#: Hours carry at most this many decimal places; more is malformed (BILLING.md).
MAX_HOUR_PLACES = 2

# The JSON number grammar (RFC 8259): the only text a raw JSON number can be.
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def line_amount(quantity: Decimal, unit_price_cents: int) -> int:
    """A line's amount, rounded once after the quantity is summed."""
    return round_cents(Fraction(quantity) * unit_price_cents)


def decimal_places(q: Decimal) -> int:
    """Significant places after the point: 7.10 has 1, 7.125 has 3, 700 has 0."""
    exponent = q.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite values only; callers filter NaN/inf first
    return max(0, -exponent)


def parse_hours(value: object) -> Decimal | None:
    """Hours from a decoded JSON value, or None when malformed.

    Floats are read through their shortest repr, which is the JSON text they came from, so
    7.125 stays 7.125 (malformed) instead of its binary approximation. Places are judged on
    the value, so 7.50 is 7.5. Sign is left to the range checks of the caller.
    """
    if isinstance(value, bool):
        # bool is an int subclass, but a JSON true is not a number.
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        candidate = Decimal(repr(value))
    elif isinstance(value, str):
        if _JSON_NUMBER.fullmatch(value) is None:
            return None
        try:
            candidate = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the regex already guarantees syntax
            return None
    elif isinstance(value, Decimal):
        candidate = value
    else:
        return None
    if not candidate.is_finite():
        return None
    if decimal_places(candidate) > MAX_HOUR_PLACES:
        return None
    return _plain(candidate)


def _plain(q: Decimal) -> Decimal:
    """Drop trailing zeros and any exponent so equal values compare and hash alike."""
    if q.is_zero():
        return Decimal(0)
    normal = q.normalize()
    exponent = normal.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent > 0:
        return Decimal(int(normal))
    return normal
