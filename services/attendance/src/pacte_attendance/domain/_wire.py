"""Readers of JSON payload fields that raise on structural faults (precedence level 1).

Kept private: callers go through the `parse_*` functions, which turn the fault into a
`Rejection(invalid)`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

# ASCII digits only: `\d` would also accept other scripts' digits, which fromisoformat rejects
# anyway but with a less helpful message.
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: SCENARIO.md / BILLING.md: hours carry at most 2 decimals; more is malformed.
MAX_HOUR_DECIMALS = 2


class Malformed(Exception):
    """A payload fault of precedence level 1."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def require(payload: Mapping[str, Any], name: str) -> Any:
    if name not in payload:
        raise Malformed(f"field {name!r} is missing")
    return payload[name]


def read_str(payload: Mapping[str, Any], name: str) -> str:
    value = require(payload, name)
    if not isinstance(value, str):
        raise Malformed(f"field {name!r} must be a string")
    return value


def read_id(payload: Mapping[str, Any], name: str) -> str:
    # An empty id can never name anything: treat it as malformed rather than unknown.
    value = read_str(payload, name)
    if not value.strip():
        raise Malformed(f"field {name!r} must not be empty")
    return value


def read_optional_code(payload: Mapping[str, Any], name: str) -> str | None:
    # The field must be present (SCENARIO.md lists it) but JSON null is a meaningful value.
    value = require(payload, name)
    if value is not None and not isinstance(value, str):
        raise Malformed(f"field {name!r} must be a string or null")
    return value


def read_date(payload: Mapping[str, Any], name: str) -> date:
    value = read_str(payload, name)
    if not _DATE_RE.fullmatch(value):
        raise Malformed(f"field {name!r} must be a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Malformed(f"field {name!r} is not a calendar date") from None


def read_int(payload: Mapping[str, Any], name: str) -> int:
    value = require(payload, name)
    # bool is a subclass of int in Python but a different JSON type.
    if isinstance(value, bool) or not isinstance(value, int):
        raise Malformed(f"field {name!r} must be an integer")
    return value


def read_mapping(payload: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = require(payload, name)
    if not isinstance(value, Mapping):
        raise Malformed(f"field {name!r} must be an object")
    return value


def _decimal_places(value: Decimal) -> int:
    """Decimal places of the value itself: `7.10` has one, whatever the writer's zeros."""
    if value == 0:
        return 0
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite values only reach here
    places = -exponent
    index = len(digits) - 1
    while places > 0 and digits[index] == 0:
        places -= 1
        index -= 1
    return max(places, 0)


def read_hours(payload: Mapping[str, Any], name: str) -> Decimal:
    """A JSON number with at most 2 decimals, as an exact Decimal (sign checked later, level 3)."""
    value = require(payload, name)
    if isinstance(value, bool):
        raise Malformed(f"field {name!r} must be a number, not a boolean")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise Malformed(f"field {name!r} must be a finite number")
        # repr() is the shortest text that round-trips, i.e. what the sender wrote in JSON,
        # so 7.125 stays 7.125 instead of becoming the float's binary expansion.
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        # Adapters may decode JSON with parse_float=Decimal; accept that exact form too.
        if not value.is_finite():
            raise Malformed(f"field {name!r} must be a finite number")
        number = value
    else:
        raise Malformed(f"field {name!r} must be a number")
    if number == 0:
        # -0 and 0.00 are plain zero; a sign on zero would only confuse later sums and prints.
        return Decimal(0)
    places = _decimal_places(number)
    if places > MAX_HOUR_DECIMALS:
        raise Malformed(f"field {name!r} has more than {MAX_HOUR_DECIMALS} decimals")
    try:
        # One canonical exponent per value, so 7, 7.0 and 7.00 compare and print alike.
        return number.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        raise Malformed(f"field {name!r} is out of range") from None
