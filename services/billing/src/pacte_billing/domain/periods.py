"""Billing periods: calendar months written "YYYY-MM" (BILLING.md)."""

from __future__ import annotations

import calendar
import re
from datetime import date

_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def period_of(d: date) -> str:
    """The period a fact belongs to, from its business date."""
    return f"{d.year:04d}-{d.month:02d}"


def parse_period(s: object) -> tuple[int, int]:
    """(year, month) of a period text, which compares as the months do; ValueError when it is not a
    real "YYYY-MM"."""
    if not isinstance(s, str):
        raise ValueError(f"period must be a string, got {type(s).__name__}")
    match = _PERIOD.fullmatch(s)
    if match is None:
        raise ValueError(f"period must be YYYY-MM, got {s!r}")
    year, month = int(match.group(1)), int(match.group(2))
    # date() has no year 0, and last_day must work for every accepted period.
    if year < 1 or not 1 <= month <= 12:
        raise ValueError(f"no such month: {s!r}")
    return year, month


def last_day(period: str) -> date:
    year, month = parse_period(period)
    return date(year, month, calendar.monthrange(year, month)[1])
