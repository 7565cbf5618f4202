"""Invoice lines, corrections, ceiling and running accrual (BILLING.md).

Everything here is recomputed from cumulative quantities: an invoice bills, per group
`(kind, origin_period, ref)`, what the facts known now are worth minus what earlier invoices of
the order already billed. That single rule covers first billing, late facts and corrections, and
guarantees that all lines ever issued for a group add up to `round_half_up(total × price)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from pacte_billing.domain.money import line_amount
from pacte_billing.domain.periods import parse_period
from pacte_contracts.codes import LineKind

GroupKey = tuple[LineKind, str, str | None]


@dataclass(frozen=True, slots=True)
class CurrentQuantity:
    """Cumulative quantity known now for one group of one order."""

    kind: LineKind
    origin_period: str
    ref: str | None
    quantity: Decimal
    unit_price_cents: int

    @property
    def key(self) -> GroupKey:
        return (self.kind, self.origin_period, self.ref)


@dataclass(frozen=True, slots=True)
class IssuedLine:
    """A line of an earlier invoice of the same order."""

    kind: LineKind
    origin_period: str
    ref: str | None
    quantity: Decimal
    unit_price_cents: int
    amount_cents: int

    @property
    def key(self) -> GroupKey:
        return (self.kind, self.origin_period, self.ref)


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    kind: LineKind
    origin_period: str
    ref: str | None
    quantity: Decimal
    unit_price_cents: int
    amount_cents: int

    @property
    def key(self) -> GroupKey:
        return (self.kind, self.origin_period, self.ref)

    def as_issued(self) -> IssuedLine:
        return IssuedLine(
            self.kind, self.origin_period, self.ref, self.quantity, self.unit_price_cents, self.amount_cents
        )


def line_sort_key(line: InvoiceLine | IssuedLine | CurrentQuantity) -> tuple[str, str, str]:
    """Report order: kind as a string, origin period, ref (null sorts as "")."""
    return (str(line.kind), line.origin_period, line.ref or "")


@dataclass(frozen=True, slots=True)
class _Group:
    current_quantity: Decimal
    current_price: int | None
    issued_quantity: Decimal
    issued_amount: int
    issued_price: int | None

    @property
    def unit_price_cents(self) -> int:
        if self.current_price is not None:
            return self.current_price
        assert self.issued_price is not None  # a group exists only if one side has a line
        return self.issued_price

    def delta(self) -> tuple[Decimal, int]:
        # A group gone from the facts (corrected to zero) is worth 0 now, so its delta
        # reverses everything billed so far.
        worth = 0 if self.current_price is None else line_amount(self.current_quantity, self.current_price)
        return self.current_quantity - self.issued_quantity, worth - self.issued_amount


def _groups(current: Iterable[CurrentQuantity], issued: Iterable[IssuedLine]) -> dict[GroupKey, _Group]:
    cur_qty: dict[GroupKey, Decimal] = defaultdict(Decimal)
    cur_price: dict[GroupKey, int] = {}
    for c in current:
        parse_period(c.origin_period)
        known = cur_price.setdefault(c.key, c.unit_price_cents)
        if known != c.unit_price_cents:
            # Summing quantities at different prices would make the single rounding ambiguous.
            raise ValueError(f"conflicting unit prices for {c.key}: {known} and {c.unit_price_cents}")
        cur_qty[c.key] += c.quantity
    iss_qty: dict[GroupKey, Decimal] = defaultdict(Decimal)
    iss_amount: dict[GroupKey, int] = defaultdict(int)
    iss_price: dict[GroupKey, int] = {}
    for i in issued:
        parse_period(i.origin_period)
        iss_qty[i.key] += i.quantity
        iss_amount[i.key] += i.amount_cents
        iss_price[i.key] = i.unit_price_cents
    return {
        key: _Group(
            current_quantity=cur_qty.get(key, Decimal(0)),
            current_price=cur_price.get(key),
            issued_quantity=iss_qty.get(key, Decimal(0)),
            issued_amount=iss_amount.get(key, 0),
            issued_price=iss_price.get(key),
        )
        for key in cur_price.keys() | iss_price.keys()
    }


def compute_lines(
    period: str, current: Iterable[CurrentQuantity], issued: Iterable[IssuedLine]
) -> list[InvoiceLine]:
    """Lines of the invoice closing `period` for one order.

    Facts of later periods wait for their own closing; facts of `period` or earlier that are
    new, late or corrected are billed here as differences against earlier invoices.
    """
    closing = parse_period(period)
    lines: list[InvoiceLine] = []
    for (kind, origin, ref), group in _groups(current, issued).items():
        if parse_period(origin) > closing:
            continue
        quantity, amount = group.delta()
        if quantity == 0 and amount == 0:
            continue
        # A lot at price 0 still shows its quantities (lines of amount 0); a bonus of 0 never reaches
        # here, its facts are not billable at all (BILLING.md "Bonuses").
        lines.append(InvoiceLine(kind, origin, ref, quantity, group.unit_price_cents, amount))
    lines.sort(key=line_sort_key)
    return lines


def lines_total(lines: Iterable[InvoiceLine | IssuedLine]) -> int:
    return sum(line.amount_cents for line in lines)


def accrued_cents(current: Iterable[CurrentQuantity], issued: Iterable[IssuedLine]) -> int:
    """Billable now over every period minus what was invoiced, before the ceiling."""
    return sum(group.delta()[1] for group in _groups(current, issued).values())
