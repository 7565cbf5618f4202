"""The connector's reconciliation alone: what webhooks said against what the API holds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from organisation_connector.reconcile import reconcile
from pacte_organisation_client.models import OrganisationInvoiceOut

SUBSCRIBED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def held(invoice_id: str, version: int, payable: int, *, counts: bool = True, replaced_by: str | None = None,
         issued_at: str = "2026-01-31T18:00:00+00:00") -> OrganisationInvoiceOut:
    return OrganisationInvoiceOut(counts=counts, invoice_id=invoice_id, issued_at=issued_at, lines=[], order_id="BC-1",
                                  over_ceiling_cents=0, payable_cents=payable, period="2026-01", reissued=version > 1,
                                  status="issued", total_cents=payable, version=version, replaced_by=replaced_by)


def notified(kind: str, invoice_id: str, version: int, payable: int) -> dict[str, Any]:
    return {"id": f"{kind}:{invoice_id}", "type": kind, "data": {"invoice_id": invoice_id, "version": version,
                                                                 "total_cents": payable, "payable_cents": payable}}


def test_a_reissue_replaces_the_disputed_version_in_the_payable_total() -> None:
    api = [held("INV-1-v1", 1, 10_000, counts=False, replaced_by="INV-1-v2"), held("INV-1-v2", 2, 8_000)]
    events = [notified("invoice.issued", "INV-1-v1", 1, 10_000), notified("invoice.reissued", "INV-1-v2", 2, 8_000),
              {"id": "answer", "type": "dispute.answered",
               "data": {"disputed_invoice_id": "INV-1-v1", "invoice_id": "INV-1-v2"}}]
    result = reconcile(events, api, SUBSCRIBED)
    assert result.clean and result.matched == ["INV-1-v1", "INV-1-v2"] and result.payable_cents == 8_000


def test_what_differs_is_missing_or_was_never_notified_is_named() -> None:
    api = [held("INV-A-v1", 1, 5_000), held("INV-B-v1", 1, 7_000),
           held("INV-OLD-v1", 1, 1_000, issued_at="2025-12-31T18:00:00+00:00")]
    events = [notified("invoice.issued", "INV-A-v1", 1, 4_999), notified("invoice.issued", "INV-Z-v1", 1, 1),
              {"id": "answer", "type": "dispute.answered",
               "data": {"disputed_invoice_id": "INV-A-v1", "invoice_id": "INV-A-v2"}}]
    result = reconcile(events, api, SUBSCRIBED)
    assert result.differing == [("INV-A-v1", "total_cents, payable_cents")]
    assert result.unknown == ["INV-Z-v1"]
    assert result.unnotified == ["INV-B-v1"]  # issued before the subscription: not expected by webhook
    assert result.unanswered == ["INV-A-v1"] and not result.clean
