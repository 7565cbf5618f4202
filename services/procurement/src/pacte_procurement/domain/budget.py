"""The tender budget rule (BILLING.md, "Budget")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pacte_contracts.codes import RejectionReason
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
