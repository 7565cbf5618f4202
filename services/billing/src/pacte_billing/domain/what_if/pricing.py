"""What the declared facts would have cost under each unit, month by month, and how that revenue moves.

Each (order, month) is priced as an invoice line is: ``round_half_up(quantity × price)`` once, after the
quantity is summed (BILLING.md "Money and quantities"), so a unit's total is what its invoices would
have added up to, before ceilings (an order's amount was sized for the unit it was bought in).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from pacte_contracts.codes import BillingUnit
from pacte_contracts.rules import round_cents

from .facts import UNITS, OrderTerms, SessionFacts
from .quantities import MonthCounts, covered, order_months
from .variation import Variation, months_between, variation

#: Price per unit given by the caller; None leaves it to `reference_price` or the break-even price.
UnitPrices = Mapping[BillingUnit, int | None]


class PriceChoice(StrEnum):
    GIVEN = "given"
    #: The scope's own price for its own unit, when its orders in that unit share one price.
    CONTRACT = "contract"
    #: The median price of the programme's lots billed in that unit.
    PROGRAMME_MEDIAN = "programme_median"
    #: The price at which the unit would have cost what the scope's own units cost.
    BREAK_EVEN = "break_even"


@dataclass(frozen=True, slots=True)
class Series:
    monthly_cents: tuple[int, ...]
    total_cents: int
    variation: Variation


@dataclass(frozen=True, slots=True)
class UnitWhatIf:
    unit: BillingUnit
    unit_price_cents: int | None
    price_source: PriceChoice | None
    quantity: Decimal
    #: Sessions that declared what the unit counts; None amounts when none did.
    sessions_declaring: int
    break_even_price_cents: int | None
    series: Series | None


@dataclass(frozen=True, slots=True)
class WhatIf:
    orders: tuple[OrderTerms, ...]
    sessions: int
    months: tuple[str, ...]
    counts: tuple[MonthCounts, ...]
    actual: Series
    units: tuple[UnitWhatIf, ...]


def reference_price(prices: Sequence[int]) -> int | None:
    """The median of the lots' prices (the mean of the middle two, half up, for an even count)."""
    ordered = sorted(prices)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else round_cents(Fraction(ordered[middle - 1] + ordered[middle], 2))


def _series(monthly: list[int]) -> Series:
    return Series(tuple(monthly), sum(monthly), variation(monthly))


def _priced(by_order: Mapping[tuple[str, str], MonthCounts], months: Sequence[str],
            price_of: Mapping[str, tuple[BillingUnit, int]]) -> list[int]:
    """Monthly revenue: each order's month priced in (unit, price) of ``price_of[order]``, then added."""
    monthly = dict.fromkeys(months, 0)
    for (order_id, period), counts in by_order.items():
        unit, price = price_of[order_id]
        monthly[period] += round_cents(Fraction(counts.quantity(unit)) * price)
    return [monthly[p] for p in months]


def _choose(unit: BillingUnit, given: UnitPrices, own: set[int], reference: int | None,
            break_even: int | None) -> tuple[int | None, PriceChoice | None]:
    if given.get(unit) is not None:
        return given[unit], PriceChoice.GIVEN
    if len(own) == 1:
        return next(iter(own)), PriceChoice.CONTRACT
    if reference is not None:
        return reference, PriceChoice.PROGRAMME_MEDIAN
    return (break_even, PriceChoice.BREAK_EVEN) if break_even is not None else (None, None)


def what_if(orders: Iterable[OrderTerms], sessions: Sequence[SessionFacts], given: UnitPrices,
            programme_prices: Mapping[BillingUnit, Sequence[int]]) -> WhatIf:
    """The scope's facts re-priced under each unit, beside what its own units and prices make."""
    terms = {o.order_id: o for o in orders}
    by_order = order_months(sessions)
    periods = sorted({period for _, period in by_order})
    months = months_between(periods[0], periods[-1]) if periods else []
    counts = {p: MonthCounts() for p in months}
    for (_, period), c in by_order.items():
        counts[period] += c
    actual = _series(_priced(by_order, months, {o: (t.billing_unit, t.unit_price_cents) for o, t in terms.items()}))
    units = []
    for unit in UNITS:
        quantity = sum((c.quantity(unit) for c in counts.values()), Decimal(0))
        declaring = sum(1 for s in sessions if covered(s, unit))
        break_even = round_cents(Fraction(actual.total_cents) / Fraction(quantity)) if quantity and declaring else None
        own = {o.unit_price_cents for o in terms.values() if o.billing_unit == unit}
        price, source = _choose(unit, given, own, reference_price(programme_prices.get(unit, ())), break_even)
        series = None
        if declaring and price is not None:
            series = _series(_priced(by_order, months, {o: (unit, price) for o in terms}))
        units.append(UnitWhatIf(unit, price, source, quantity, declaring, break_even, series))
    return WhatIf(tuple(terms.values()), len(sessions), tuple(months), tuple(counts[p] for p in months), actual,
                  tuple(units))
