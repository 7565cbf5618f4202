from __future__ import annotations

import pytest

from pacte_billing.domain.lifecycle import InvalidTransition, approve, counts_as_billed, dispute, pay
from pacte_contracts.codes import InvoiceStatus

S = InvoiceStatus


def test_happy_path_issued_approved_paid() -> None:
    assert pay(approve(S.ISSUED)) is S.PAID


@pytest.mark.parametrize("status", [S.APPROVED, S.PAID, S.DISPUTED])
def test_approve_needs_issued(status: InvoiceStatus) -> None:
    with pytest.raises(InvalidTransition):
        approve(status)


@pytest.mark.parametrize("status", [S.ISSUED, S.PAID, S.DISPUTED])
def test_pay_needs_approved(status: InvoiceStatus) -> None:
    # Small scenario: paying BC-2's issued (not approved) invoice is refused `invalid`.
    with pytest.raises(InvalidTransition):
        pay(status)


@pytest.mark.parametrize("status", [S.ISSUED, S.APPROVED])
def test_dispute_from_issued_or_approved(status: InvoiceStatus) -> None:
    assert dispute(status) is S.DISPUTED


@pytest.mark.parametrize("status", [S.PAID, S.DISPUTED])
def test_dispute_refused_otherwise(status: InvoiceStatus) -> None:
    with pytest.raises(InvalidTransition) as info:
        dispute(status)
    assert info.value.status is status
    assert info.value.action == "dispute"


def test_disputed_invoices_do_not_count_as_billed() -> None:
    assert not counts_as_billed(S.DISPUTED)
    assert all(counts_as_billed(s) for s in (S.ISSUED, S.APPROVED, S.PAID))
