"""Invoice status transitions (BILLING.md "Invoice lifecycle")."""

from __future__ import annotations

from pacte_contracts.codes import InvoiceStatus


class InvalidTransition(Exception):
    """The invoice is not in a status that allows the action; the API answers `invalid`."""

    def __init__(self, action: str, status: InvoiceStatus) -> None:
        super().__init__(f"cannot {action} an invoice that is {status.value}")
        self.action = action
        self.status = status


def _require(action: str, status: InvoiceStatus, allowed: frozenset[InvoiceStatus]) -> None:
    if status not in allowed:
        raise InvalidTransition(action, status)


def approve(status: InvoiceStatus) -> InvoiceStatus:
    _require("approve", status, frozenset({InvoiceStatus.ISSUED}))
    return InvoiceStatus.APPROVED


def pay(status: InvoiceStatus) -> InvoiceStatus:
    _require("pay", status, frozenset({InvoiceStatus.APPROVED}))
    return InvoiceStatus.PAID


def dispute(status: InvoiceStatus) -> InvoiceStatus:
    # Once paid, money has moved: a disagreement then goes through correction facts instead.
    _require("dispute", status, frozenset({InvoiceStatus.ISSUED, InvoiceStatus.APPROVED}))
    return InvoiceStatus.DISPUTED


def counts_as_billed(status: InvoiceStatus) -> bool:
    """Whether an invoice's lines count as already invoiced for later corrections.

    A disputed invoice is replaced by a new version, so its lines no longer count.
    """
    return status is not InvoiceStatus.DISPUTED
