"""Closing an order (BILLING.md "Budget"): the lowered amount and the refusals."""

from __future__ import annotations

import pytest

from pacte_billing.domain.ceiling import apply_ceiling
from pacte_billing.domain.orders import ClosedOrder, OrderStanding, decide_close_order, earned_so_far
from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Rejection


def standing(amount: int = 1_000_000, *, closed: bool = False, disputed: bool = False, payable: int = 0,
             accrued: int = 0) -> OrderStanding:
    return OrderStanding("BC-1", amount, closed, disputed, payable, accrued)


@pytest.mark.parametrize(("amount", "payable", "accrued", "lowered"), [
    (1_000_000, 600_000, 50_000, 650_000),   # what it earned so far
    (1_000_000, 900_000, 300_000, 1_000_000),  # within its amount
    (1_000_000, 0, 0, 0),                    # nothing earned: everything is released
    (1_000_000, 100_000, -250_000, 0),       # a credit larger than what was paid: never below 0
    (1_000_000, 300_000, -50_000, 250_000),  # corrections not invoiced yet count
])
def test_lowered_amount(amount: int, payable: int, accrued: int, lowered: int) -> None:
    assert earned_so_far(amount, payable, accrued) == lowered
    closed = decide_close_order(standing(amount, payable=payable, accrued=accrued))
    assert closed == ClosedOrder("BC-1", amount, lowered)
    assert isinstance(closed, ClosedOrder) and closed.released_cents == amount - lowered


def test_refusals() -> None:
    for refused in (decide_close_order(None), decide_close_order(standing(closed=True)),
                    decide_close_order(standing(disputed=True, payable=10))):
        assert isinstance(refused, Rejection) and refused.reason is RejectionReason.INVALID


def test_closing_an_order_with_a_disputed_invoice_is_refused() -> None:
    refused = decide_close_order(standing(disputed=True, payable=500_000, accrued=20_000))
    assert isinstance(refused, Rejection) and "disputed" in refused.detail


def test_later_earnings_are_over_the_lowered_ceiling() -> None:
    # corrections.jsonl, BC-006: closed at what it had earned, a later return-to-work bonus is invoiced
    # but, above the lowered amount, not payable.
    lowered = earned_so_far(1_500_000, 1_478_291, 0)
    later = apply_ceiling(60_000, 1_478_291, 1_478_291, lowered)
    assert (later.payable_cents, later.over_ceiling_cents) == (0, 60_000)
