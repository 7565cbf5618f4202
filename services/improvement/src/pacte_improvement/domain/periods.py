"""Billing periods are calendar months, written ``YYYY-MM``."""

from __future__ import annotations

import calendar
from datetime import date

from pacte_contracts.wire import is_period


def period_of(day: date) -> str:
    """The period containing ``day``."""
    return f"{day.year:04d}-{day.month:02d}"


def _split(period: str) -> tuple[int, int]:
    if not is_period(period):
        raise ValueError(f"not a YYYY-MM period: {period!r}")
    return int(period[0:4]), int(period[5:7])


def first_day(period: str) -> date:
    year, month = _split(period)
    return date(year, month, 1)


def last_day(period: str) -> date:
    year, month = _split(period)
    return date(year, month, calendar.monthrange(year, month)[1])
