"""The rolling programme: the catalogue shows sessions starting in the next 6 months."""

from __future__ import annotations

import calendar
from datetime import date

CATALOGUE_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def catalogue_window(start: date, months: int = CATALOGUE_MONTHS) -> tuple[date, date]:
    """Half-open window ``[start, end)`` of session start dates the catalogue lists."""
    return start, add_months(start, months)
