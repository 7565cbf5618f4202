"""The tender budget rule (BILLING.md, "Budget") and per-axis shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pacte_contracts.codes import AXIS_TARGETS, Axis, RejectionReason
from pacte_contracts.refusals import Rejection


def remaining_budget(budget_cents: int, committed_cents: int) -> int:
    """What can still be committed against a budget (negative only if already overspent)."""
    return budget_cents - committed_cents


def can_commit(budget_cents: int, committed_cents: int, amount_cents: int) -> bool:
    """An order of ``amount_cents`` fits when the committed sum stays within the budget."""
    return committed_cents + amount_cents <= budget_cents


@dataclass(frozen=True, slots=True)
class BudgetLedger:
    """Committed money of one tender; ``commit`` returns a new ledger or a refusal."""

    budget_cents: int
    committed_cents: int = 0

    @property
    def remaining_cents(self) -> int:
        return remaining_budget(self.budget_cents, self.committed_cents)

    def commit(self, amount_cents: int) -> BudgetLedger | Rejection:
        if amount_cents <= 0:
            return Rejection(RejectionReason.INVALID, "amount_cents must be positive")
        if not can_commit(self.budget_cents, self.committed_cents, amount_cents):
            return Rejection(
                RejectionReason.BUDGET_EXCEEDED,
                f"{amount_cents} cents exceed the remaining {self.remaining_cents} cents",
            )
        return BudgetLedger(self.budget_cents, self.committed_cents + amount_cents)


def committed_of_tender(amounts_cents: Iterable[int]) -> int:
    return sum(amounts_cents)


_SHARE_QUANTUM = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class AxisBudget:
    axis: Axis
    committed_cents: int
    payable_cents: int
    paid_cents: int
    share: Decimal | None  # of all committed money; None when nothing is committed
    target: Decimal


def axis_budgets(
    committed_by_axis: Mapping[Axis, int],
    payable_by_axis: Mapping[Axis, int] | None = None,
    paid_by_axis: Mapping[Axis, int] | None = None,
) -> list[AxisBudget]:
    """Each axis's committed / payable / paid money and share of all committed money vs its target."""
    payable = payable_by_axis or {}
    paid = paid_by_axis or {}
    total = sum(committed_by_axis.values())
    rows: list[AxisBudget] = []
    for axis in Axis:
        committed = committed_by_axis.get(axis, 0)
        share = (
            None
            if total == 0
            else (Decimal(committed) / Decimal(total)).quantize(_SHARE_QUANTUM, rounding=ROUND_HALF_UP)
        )
        rows.append(
            AxisBudget(
                axis=axis,
                committed_cents=committed,
                payable_cents=payable.get(axis, 0),
                paid_cents=paid.get(axis, 0),
                share=share,
                target=Decimal(AXIS_TARGETS[axis]),
            )
        )
    return rows
