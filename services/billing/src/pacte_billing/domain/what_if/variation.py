"""How an organisation's monthly revenue moves from one month to the next under a unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from pacte_contracts.rules import rate, round_cents


def months_between(first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last`` (YYYY-MM), both included: a month with nothing is a month
    of no revenue, and it counts in the variation."""
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while (period := f"{year:04d}-{month:02d}") <= last:
        out.append(period)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass(frozen=True, slots=True)
class Variation:
    #: Revenue of each month minus the month before's (None for the first month).
    changes: tuple[int | None, ...]
    mean_monthly_cents: int | None
    mean_absolute_change_cents: int | None
    #: Mean absolute change over mean monthly revenue: how much a month moves, relatively.
    relative_variation: Decimal | None
    largest_fall_cents: int
    largest_rise_cents: int
    months_falling: int


def variation(revenue: Sequence[int]) -> Variation:
    """Month-to-month variation of a series of monthly revenues (every month of the range, in order).
    Means are exact fractions rounded half up once, to the cent."""
    changes = [b - a for a, b in pairwise(revenue)]
    total_change = sum(abs(c) for c in changes)
    mean = Fraction(sum(revenue), len(revenue)) if revenue else None
    mean_change = Fraction(total_change, len(changes)) if changes else None
    return Variation(
        changes=(None, *changes) if revenue else (),
        mean_monthly_cents=None if mean is None else round_cents(mean),
        mean_absolute_change_cents=None if mean_change is None else round_cents(mean_change),
        relative_variation=None if mean_change is None or mean is None else rate(mean_change, mean),
        largest_fall_cents=min([0, *changes]),
        largest_rise_cents=max([0, *changes]),
        months_falling=sum(1 for c in changes if c < 0),
    )
