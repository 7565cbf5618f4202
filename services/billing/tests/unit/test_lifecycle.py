"""Invoice status moves and their refusals, in SCENARIO.md's order (stage 2 `forbidden`, then stage 3)."""

from __future__ import annotations

import pytest

from pacte_billing.domain.commands import DisputeInvoice
from pacte_billing.domain.lifecycle import Latest, counts, decide_approve, decide_dispute, decide_pay, decide_reissue
from pacte_contracts.codes import InvoiceStatus, RejectionReason
from pacte_contracts.refusals import Rejection

S = InvoiceStatus


def latest(status: InvoiceStatus, version: int = 1) -> Latest:
    return Latest(f"INV-BC-1-2019-09-v{version}", version, status)


def dispute(reason: str = "journée du 14 non comptée") -> DisputeInvoice:
    return DisputeInvoice(order_id="BC-1", period="2019-09", reason=reason)


def reason(outcome: object) -> RejectionReason | None:
    return outcome.reason if isinstance(outcome, Rejection) else None


def test_happy_path_issued_approved_paid() -> None:
    assert decide_approve(latest(S.ISSUED)) is S.APPROVED
    assert decide_pay(latest(S.APPROVED)) is S.PAID


@pytest.mark.parametrize("status", [S.APPROVED, S.PAID, S.DISPUTED])
def test_approve_needs_issued(status: InvoiceStatus) -> None:
    assert reason(decide_approve(latest(status))) is RejectionReason.INVALID


@pytest.mark.parametrize("status", [S.ISSUED, S.PAID, S.DISPUTED])
def test_pay_needs_approved(status: InvoiceStatus) -> None:
    # Small scenario: paying BC-2's issued (not approved) invoice is refused `invalid`.
    assert reason(decide_pay(latest(status))) is RejectionReason.INVALID


def test_unknown_invoice_is_invalid() -> None:
    for decided in (decide_approve(None), decide_pay(None), decide_reissue(None),
                    decide_dispute(dispute(), "OF-1", "OF-1", None)):
        assert reason(decided) is RejectionReason.INVALID


@pytest.mark.parametrize("status", [S.ISSUED, S.APPROVED])
def test_dispute_from_issued_or_approved_by_the_holder(status: InvoiceStatus) -> None:
    assert decide_dispute(dispute(), "OF-1", "OF-1", latest(status)) is S.DISPUTED


@pytest.mark.parametrize("status", [S.PAID, S.DISPUTED])
def test_dispute_refused_otherwise(status: InvoiceStatus) -> None:
    assert reason(decide_dispute(dispute(), "OF-1", "OF-1", latest(status))) is RejectionReason.INVALID


def test_dispute_by_another_organisation_is_forbidden_before_anything_else() -> None:
    # Stage 2 wins over every stage-3 fault: a paid invoice, a blank reason, no invoice at all.
    for found in (latest(S.ISSUED), latest(S.PAID), None):
        assert reason(decide_dispute(dispute("   "), "OF-INTRUDER", "OF-1", found)) is RejectionReason.FORBIDDEN


def test_dispute_of_an_unknown_order_is_invalid_whoever_asks() -> None:
    assert reason(decide_dispute(dispute(), "OF-INTRUDER", None, None)) is RejectionReason.INVALID


def test_blank_reason_is_invalid_at_stage_3() -> None:
    assert reason(decide_dispute(dispute("  "), "OF-1", "OF-1", latest(S.ISSUED))) is RejectionReason.INVALID


def test_reissue_needs_a_disputed_latest_version() -> None:
    assert decide_reissue(latest(S.DISPUTED, 2)) == 3
    for status in (S.ISSUED, S.APPROVED, S.PAID):
        assert reason(decide_reissue(latest(status))) is RejectionReason.INVALID


def test_only_disputed_versions_stop_counting() -> None:
    assert not counts(S.DISPUTED)
    assert all(counts(s) for s in (S.ISSUED, S.APPROVED, S.PAID))
