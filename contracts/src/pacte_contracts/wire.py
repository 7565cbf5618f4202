"""Strict readers of decoded JSON request bodies, shared by the services' pure domains (no I/O).

SCENARIO.md makes a wrong JSON type a refusal of its own (`invalid`, before anything else), so
bodies are read field by field with these rather than coerced by a model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERIOD_RE = re.compile(r"^\d{4}-\d{2}$")


class Malformed(Exception):
    """A field is missing or has the wrong JSON type."""


def field(payload: Mapping[str, Any], name: str) -> Any:
    if name not in payload:
        raise Malformed(f"missing field {name!r}")
    return payload[name]


def req_str(payload: Mapping[str, Any], name: str, *, allow_empty: bool = False) -> str:
    value = field(payload, name)
    if not isinstance(value, str) or (not allow_empty and value == ""):
        raise Malformed(f"{name!r} must be a non-empty string")
    return value


def req_int(payload: Mapping[str, Any], name: str) -> int:
    value = field(payload, name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Malformed(f"{name!r} must be an integer")
    return value


def parse_date(value: object, name: str) -> date:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise Malformed(f"{name!r} must be a YYYY-MM-DD date")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise Malformed(f"{name!r} is not a valid date") from exc


def req_date(payload: Mapping[str, Any], name: str) -> date:
    return parse_date(field(payload, name), name)


def is_number(value: object) -> bool:
    """A JSON number: int or finite float, never a bool."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


def to_decimal(value: int | float) -> Decimal:
    """Exact decimal of a JSON number as written (floats through their shortest repr)."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def is_period(value: str) -> bool:
    if not _PERIOD_RE.match(value):
        return False
    month = int(value[5:7])
    return 1 <= month <= 12


def req_list(payload: Mapping[str, Any], name: str) -> list[Any]:
    value = field(payload, name)
    if not isinstance(value, list):
        raise Malformed(f"{name!r} must be a list")
    return value


def req_hours(payload: Mapping[str, Any], name: str) -> Decimal:
    """A JSON number with at most 2 decimals (SCENARIO.md: more places are malformed)."""
    value = field(payload, name)
    if not is_number(value):
        raise Malformed(f"{name!r} must be a number")
    assert isinstance(value, int | float)
    hours = to_decimal(value)
    if hours != hours.quantize(Decimal("0.01")):
        raise Malformed(f"{name!r} has more than 2 decimals")
    return hours
