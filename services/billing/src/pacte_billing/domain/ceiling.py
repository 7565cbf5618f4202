"""The ceiling (BILLING.md): an order's payable total over its counting invoices never exceeds its amount."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CeilingResult:
    total_cents: int
    payable_cents: int
    over_ceiling_cents: int


def apply_ceiling(
    lines_total_cents: int,
    earlier_lines_total_cents: int,
    earlier_payable_cents: int,
    ceiling_cents: int,
) -> CeilingResult:
    """payable = min(T, ceiling) − S, exactly as BILLING.md states it.

    The payable may be negative (a correction after earlier invoices were paid in full) and
    the over-ceiling part may be negative (a correction hitting money that was never payable);
    clamping either would break `sum(payable) == min(sum(lines), ceiling)` across invoices.
    """
    grand_total = earlier_lines_total_cents + lines_total_cents
    payable = min(grand_total, ceiling_cents) - earlier_payable_cents
    return CeilingResult(
        total_cents=lines_total_cents,
        payable_cents=payable,
        over_ceiling_cents=lines_total_cents - payable,
    )


def ceiling_reached(earlier_payable_cents: int, payable_cents: int, ceiling_cents: int) -> bool:
    """Whether this invoice brings the order's payable total to its ceiling.

    False when the order already stood at its ceiling, so the buyer is alerted once per
    crossing, not on every later invoice.
    """
    return earlier_payable_cents != ceiling_cents and earlier_payable_cents + payable_cents == ceiling_cents
