"""An invoice's status moves (BILLING.md "Invoice lifecycle" and "Disputes"), decided on its latest version.

`issued → approved → paid` by finance; the lot holder disputes an `issued` or `approved` version,
which then stops counting until finance (or the next closing) re-issues it as version n+1.
"""

from __future__ import annotations

from dataclasses import dataclass

from pacte_contracts.codes import InvoiceStatus, RejectionReason
from pacte_contracts.refusals import Rejection

from .commands import DisputeInvoice

S = InvoiceStatus


@dataclass(frozen=True, slots=True)
class Latest:
    """The latest version of an order's invoice for a period."""

    invoice_id: str
    version: int
    status: InvoiceStatus


def _invalid(detail: str) -> Rejection:
    return Rejection(RejectionReason.INVALID, detail)


def _needs(action: str, latest: Latest, *allowed: InvoiceStatus) -> Rejection | None:
    if latest.status in allowed:
        return None
    return _invalid(f"cannot {action} an invoice that is {latest.status.value}")


def decide_approve(latest: Latest | None) -> InvoiceStatus | Rejection:
    if latest is None:
        return _invalid("no invoice of this order for this period")
    return _needs("approve", latest, S.ISSUED) or S.APPROVED


def decide_pay(latest: Latest | None) -> InvoiceStatus | Rejection:
    if latest is None:
        return _invalid("no invoice of this order for this period")
    return _needs("pay", latest, S.APPROVED) or S.PAID


def decide_dispute(command: DisputeInvoice, caller: str, holder: str | None,
                   latest: Latest | None) -> InvoiceStatus | Rejection:
    """`holder`: the organisation holding the order's lot, None for an unknown order. Once paid,
    money has moved: a disagreement then goes through corrections of the facts instead."""
    if holder is not None and holder != caller:
        return Rejection(RejectionReason.FORBIDDEN, "this order is held by another organisation")
    if holder is None:
        return _invalid("unknown order")
    if latest is None:
        return _invalid("no invoice of this order for this period")
    return (_needs("dispute", latest, S.ISSUED, S.APPROVED)
            or (_invalid("the reason is blank") if not command.reason.strip() else None)
            or S.DISPUTED)


def decide_reissue(latest: Latest | None) -> int | Rejection:
    """The version the re-issue gets: only a disputed latest version is replaced."""
    if latest is None:
        return _invalid("no invoice of this order for this period")
    refused = _needs("re-issue", latest, S.DISPUTED)
    return refused if refused is not None else latest.version + 1


def counts(status: InvoiceStatus) -> bool:
    """Whether a version counts (BILLING.md): every version but a disputed one."""
    return status is not S.DISPUTED
