"""Reconciling what webhooks said with what the API holds (`GET /v1/invoices`): every invoice notified
must be there with the same amounts, every invoice issued since the subscription must have been
notified (a receiver that was down for longer than the retries learns here what it missed), and the
payable total is that of the versions that count (a disputed version replaced by another does not)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pacte_organisation_client import AuthenticatedClient
from pacte_organisation_client.api.billing import get_my_invoices
from pacte_organisation_client.models import OrganisationInvoiceOut, Problem

from .api import ApiError

INVOICE_EVENTS = ("invoice.issued", "invoice.reissued")


@dataclass
class Reconciliation:
    matched: list[str] = field(default_factory=list)
    #: Notified with other amounts than the API's (invoice id, what differs).
    differing: list[tuple[str, str]] = field(default_factory=list)
    #: Notified but not in the API.
    unknown: list[str] = field(default_factory=list)
    #: In the API, issued since `since`, never notified: fetch them (the API is the reference).
    unnotified: list[str] = field(default_factory=list)
    #: Dispute answers whose disputed version does not name its replacement in the API.
    unanswered: list[str] = field(default_factory=list)
    #: What the counting versions among those notified are worth.
    payable_cents: int = 0

    @property
    def clean(self) -> bool:
        return not (self.differing or self.unknown or self.unnotified or self.unanswered)


async def invoices(client: AuthenticatedClient) -> list[OrganisationInvoiceOut]:
    answer = await get_my_invoices.asyncio(client=client)
    if isinstance(answer, Problem) or answer is None:
        raise ApiError(answer) if isinstance(answer, Problem) else RuntimeError("no answer")
    return list(answer)


def reconcile(events: Iterable[dict[str, Any]], held: Iterable[OrganisationInvoiceOut],
              since: datetime) -> Reconciliation:
    by_id = {invoice.invoice_id: invoice for invoice in held}
    events = list(events)
    notified = {e["data"]["invoice_id"]: e["data"] for e in events if e["type"] in INVOICE_EVENTS}
    result = Reconciliation()
    for invoice_id, data in sorted(notified.items()):
        invoice = by_id.get(invoice_id)
        if invoice is None:
            result.unknown.append(invoice_id)
            continue
        differs = [name for name in ("version", "total_cents", "payable_cents") if data[name] != getattr(invoice, name)]
        if differs:
            result.differing.append((invoice_id, ", ".join(differs)))
            continue
        result.matched.append(invoice_id)
        result.payable_cents += invoice.payable_cents if invoice.counts else 0
    result.unnotified = sorted(invoice_id for invoice_id, invoice in by_id.items()
                               if invoice_id not in notified and datetime.fromisoformat(invoice.issued_at) >= since)
    result.unanswered = sorted(e["data"]["disputed_invoice_id"] for e in events if e["type"] == "dispute.answered"
                               and getattr(by_id.get(e["data"]["disputed_invoice_id"]), "replaced_by", None)
                               != e["data"]["invoice_id"])
    return result
