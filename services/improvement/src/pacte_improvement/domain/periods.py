"""Billing periods are calendar months, written ``YYYY-MM``."""

from __future__ import annotations

import calendar
from datetime import date

from pydantic import TypeAdapter

from pacte_contracts.types import Period

_PERIOD = TypeAdapter(Period)


def period_of(day: date) -> str:
    """The period containing ``day``."""
    return f"{day.year:04d}-{day.month:02d}"


def _split(period: str) -> tuple[int, int]:
    checked = _PERIOD.validate_python(period)  # ValueError (a ValidationError) when not YYYY-MM
    return int(checked[0:4]), int(checked[5:7])



def last_day(period: str) -> date:
    year, month = _split(period)
    return date(year, month, calendar.monthrange(year, month)[1])
