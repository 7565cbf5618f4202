"""Closing an order (BILLING.md "Budget"): its amount is lowered to what it has earned so far."""

from __future__ import annotations

from dataclasses import dataclass

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Rejection


@dataclass(frozen=True, slots=True)
class OrderStanding:
    """What closing an order reads: its amount, whether it is closed or has a disputed latest version,
    the payable of its counting invoices and its running accrual."""

    order_id: str
    amount_cents: int
    closed: bool
    disputed: bool
    payable_cents: int
    accrued_cents: int


@dataclass(frozen=True, slots=True)
class ClosedOrder:
    order_id: str
    previous_amount_cents: int
    amount_cents: int

    @property
    def released_cents(self) -> int:
        return self.previous_amount_cents - self.amount_cents


def earned_so_far(amount_cents: int, payable_cents: int, accrued_cents: int) -> int:
    """`max(0, min(amount, payable + accrual))`: work already declared stays payable, within the amount."""
    return max(0, min(amount_cents, payable_cents + accrued_cents))


def decide_close_order(order: OrderStanding | None) -> ClosedOrder | Rejection:
    if order is None:
        return Rejection(RejectionReason.INVALID, "unknown order")
    if order.closed:
        return Rejection(RejectionReason.INVALID, "the order is already closed")
    if order.disputed:
        # What a disputed invoice will be re-issued for is not known yet: neither is what was earned.
        return Rejection(RejectionReason.INVALID, "an invoice of the order is disputed: re-issue it first")
    lowered = earned_so_far(order.amount_cents, order.payable_cents, order.accrued_cents)
    return ClosedOrder(order.order_id, order.amount_cents, lowered)
