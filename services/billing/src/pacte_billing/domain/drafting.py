"""One order's invoice for a period, from what is billable now and what its counting invoices billed.

A closing issues an invoice only when it has a line; a re-issue (version n+1 of a disputed invoice)
is always issued, with no lines and totals of 0 when nothing is billable (BILLING.md "Disputes").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .ceiling import CeilingResult, apply_ceiling, ceiling_reached
from .invoicing import CurrentQuantity, InvoiceLine, IssuedLine, compute_lines, lines_total


@dataclass(frozen=True, slots=True)
class Billed:
    """What an order's counting invoices (every version but a disputed one) billed."""

    lines: Sequence[IssuedLine]
    lines_total_cents: int
    payable_cents: int


NOTHING_BILLED = Billed((), 0, 0)


@dataclass(frozen=True, slots=True)
class Draft:
    lines: list[InvoiceLine]
    amounts: CeilingResult
    #: This invoice brings the order's payable total to its amount (the buyer is alerted).
    reaches_ceiling: bool


def draft_invoice(period: str, current: Sequence[CurrentQuantity], billed: Billed, amount_cents: int, *,
                  reissue: bool = False) -> Draft | None:
    """T = the counting invoices' lines and this one's, S = their payable: payable = min(T, amount) − S."""
    lines = compute_lines(period, current, billed.lines)
    if not lines and not reissue:
        return None
    amounts = apply_ceiling(lines_total(lines), billed.lines_total_cents, billed.payable_cents, amount_cents)
    return Draft(lines, amounts, ceiling_reached(billed.payable_cents, amounts.payable_cents, amount_cents))
