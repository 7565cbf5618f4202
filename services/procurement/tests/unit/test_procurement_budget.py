from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pacte_contracts.codes import RejectionReason
from pacte_procurement.domain import (
    BudgetLedger,
    Order,
    PlaceOrder,
    Rejection,
    can_commit,
    decide_place_order,
    remaining_budget,
)

from ._builders import lot, tender


def _order(order_id: str, lot_id: str, amount: int) -> PlaceOrder:
    return PlaceOrder(order_id=order_id, lot_id=lot_id, amount_cents=amount)


def test_remaining_and_can_commit() -> None:
    assert remaining_budget(1000, 400) == 600
    assert can_commit(1000, 400, 600)
    assert not can_commit(1000, 400, 601)
    assert can_commit(0, 0, 0)


def test_ledger_commit() -> None:
    ledger = BudgetLedger(1000)
    after = ledger.commit(1000)
    assert isinstance(after, BudgetLedger)
    assert after.remaining_cents == 0
    refused = after.commit(1)
    assert isinstance(refused, Rejection)
    assert refused.reason is RejectionReason.BUDGET_EXCEEDED
    bad = ledger.commit(0)
    assert isinstance(bad, Rejection)
    assert bad.reason is RejectionReason.INVALID


amounts = st.lists(st.integers(min_value=-100, max_value=2_000_000), max_size=40)


@given(budget=st.integers(min_value=0, max_value=5_000_000), placements=amounts)
def test_placements_never_exceed_budget(budget: int, placements: list[int]) -> None:
    t, awarded = tender(budget), lot()
    orders: dict[str, Order] = {}
    for i, amount in enumerate(placements):
        before = dict(orders)
        committed = sum(o.amount_cents for o in orders.values())
        result = decide_place_order(_order(f"BC-{i}", "L-1", amount), awarded, t, committed, False)
        if isinstance(result, Order):
            orders[result.order_id] = result
            assert can_commit(budget, committed, amount)
        else:
            assert orders == before  # a refused placement changes nothing
            expected = RejectionReason.INVALID if amount <= 0 else RejectionReason.BUDGET_EXCEEDED
            assert result.reason is expected
        assert sum(o.amount_cents for o in orders.values()) <= budget


@given(budget=st.integers(min_value=0, max_value=5_000_000), placements=amounts)
def test_ledger_sequence_never_exceeds_budget(budget: int, placements: list[int]) -> None:
    ledger = BudgetLedger(budget)
    accepted = 0
    for amount in placements:
        result = ledger.commit(amount)
        if isinstance(result, Rejection):
            continue  # the ledger we hold is unchanged: frozen, no state to roll back
        accepted += amount
        ledger = result
        assert ledger.committed_cents <= budget
    assert ledger.committed_cents == accepted
    assert ledger.remaining_cents >= 0


@given(
    budget=st.integers(min_value=0, max_value=1000),
    committed=st.integers(min_value=0, max_value=1000),
    amount=st.integers(min_value=1, max_value=2000),
)
def test_decision_matches_can_commit(budget: int, committed: int, amount: int) -> None:
    result = decide_place_order(_order("BC-X", "L-1", amount), lot(), tender(budget), committed, False)
    assert isinstance(result, Order) == (committed + amount <= budget)
