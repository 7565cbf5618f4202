"""Dates of the programme: month arithmetic, French public holidays, the programme's months."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from functools import cache


def add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def month_end(day: date) -> date:
    return date(day.year, day.month, monthrange(day.year, day.month)[1])


def easter(year: int) -> date:
    # Anonymous Gregorian algorithm.
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def holidays(year: int) -> frozenset[date]:
    """French public holidays: no training day is planned on them."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    days = {date(year, m, d) for m, d in fixed}
    days.update({sunday + timedelta(days=1), sunday + timedelta(days=39), sunday + timedelta(days=50)})
    return frozenset(days)


class Calendar:
    """Month indexes from the programme's start: month 0 starts at `start`."""

    def __init__(self, start: date, months: int) -> None:
        self.start = start
        self.months = months
        self.first = date(start.year, start.month, 1)
        self.end = month_end(add_months(self.first, months - 1))

    def month_start(self, m: int) -> date:
        return self.start if m == 0 else add_months(self.first, m)

    def month_end(self, m: int) -> date:
        return month_end(add_months(self.first, m))

    def index(self, day: date) -> int:
        return (day.year - self.first.year) * 12 + day.month - self.first.month

    def period(self, m: int) -> str:
        return add_months(self.first, m).isoformat()[:7]
