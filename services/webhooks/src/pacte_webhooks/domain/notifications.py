"""What organisations are notified of: the catalogue of webhook event types, and which contract events
give rise to which notifications, for whom.

This is the extension point: a new webhook type is an entry of `EVENT_TYPES` and a function of
`NOTIFIERS` from its contract event to notifications (the early dropout warnings' subject is the
organisation they name: `Subject("organisation", event.organisation_id)`), plus the event in the
consumer's topics (`entrypoints/consumers.py`). Payloads carry no personal data: no trainee at all
in a warning's (the organisation reads whose it is with `GET /v1/warnings`, docs/privacy.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pacte_contracts.attendance import (
    DropoutWarningCleared,
    DropoutWarningClosed,
    DropoutWarningEvent,
    DropoutWarningRaised,
    DropoutWarningWithdrawn,
)
from pacte_contracts.billing import InvoiceIssued, OrderClosed
from pacte_contracts.envelope import Event
from pacte_contracts.improvement import MilestoneAchieved, MilestoneMissed

#: Webhook event types an endpoint may subscribe to, with what each says.
EVENT_TYPES: Mapping[str, str] = {
    "invoice.issued": "An invoice of one of its orders was issued at a period's closing (version 1, or a later "
                      "period's correction lines).",
    "invoice.reissued": "A disputed invoice was replaced by version n+1 (by finance, or at the next closing).",
    "dispute.answered": "Its dispute of an invoice version was answered by the version replacing it.",
    "order.closed": "The buyer closed one of its orders: its amount lowered to what it has earned so far.",
    "milestone.achieved": "A milestone of its improvement plan was achieved (at a closing, or validated).",
    "milestone.missed": "A milestone of its improvement plan was missed at a closing.",
    "dropout_warning.raised": "An early dropout warning was raised on a trainee of one of its sessions of 300 hours "
                              "and more (`warning_id`; whose it is: `GET /v1/warnings`).",
    "dropout_warning.cleared": "An early dropout warning cleared: the trainee's attendance recovered.",
    "dropout_warning.closed": "A warned trainee left the session (`outcome`: completed or dropped_out).",
    "dropout_warning.withdrawn": "The warned trainee's enrolment was cancelled as a mistake: the warning never "
                                 "existed.",
}

#: Namespace of notification ids: one per (source event, webhook type), so a redelivered event
#: gives the same notification (and the same deliveries), never a second one.
_NAMESPACE = uuid.UUID("5d1f3c52-7b0e-4d33-9a55-2f6c0e7a9b10")


@dataclass(frozen=True, slots=True)
class Subject:
    """Whose the notification is: the holder of an order, the organisation of a plan, or one named."""

    kind: str
    id: str


@dataclass(frozen=True, slots=True)
class Notification:
    notification_id: uuid.UUID
    event_type: str
    subject: Subject
    occurred_at: datetime
    data: dict[str, Any]


def _invoice(event: InvoiceIssued) -> dict[str, Any]:
    return {"invoice_id": event.invoice_id, "order_id": event.order_id, "period": event.period,
            "version": event.version, "reissued": event.reissued, "total_cents": event.total_cents,
            "payable_cents": event.payable_cents, "over_ceiling_cents": event.over_ceiling_cents,
            "lines": [line.model_dump(mode="json") for line in event.lines]}


def invoice_issued(event: Event) -> list[tuple[str, Subject, dict[str, Any]]]:
    assert isinstance(event, InvoiceIssued)
    subject = Subject("order", event.order_id)
    if not event.reissued:
        return [("invoice.issued", subject, _invoice(event))]
    replaced = f"INV-{event.order_id}-{event.period}-v{event.version - 1}"
    return [("invoice.reissued", subject, _invoice(event)),
            ("dispute.answered", subject, {"disputed_invoice_id": replaced, "invoice_id": event.invoice_id,
                                           "order_id": event.order_id, "period": event.period,
                                           "version": event.version, "payable_cents": event.payable_cents})]


def order_closed(event: Event) -> list[tuple[str, Subject, dict[str, Any]]]:
    assert isinstance(event, OrderClosed)
    return [("order.closed", Subject("order", event.order_id),
             {"order_id": event.order_id, "lot_id": event.lot_id, "previous_amount_cents": event.previous_amount_cents,
              "amount_cents": event.amount_cents})]


def milestone_achieved(event: Event) -> list[tuple[str, Subject, dict[str, Any]]]:
    assert isinstance(event, MilestoneAchieved)
    return [("milestone.achieved", Subject("plan", event.plan_id),
             {"plan_id": event.plan_id, "milestone_id": event.milestone_id, "order_id": event.order_id,
              "bonus_cents": event.bonus_cents, "achieved_on": event.achieved_on.isoformat(), "how": event.how})]


def milestone_missed(event: Event) -> list[tuple[str, Subject, dict[str, Any]]]:
    assert isinstance(event, MilestoneMissed)
    return [("milestone.missed", Subject("plan", event.plan_id),
             {"plan_id": event.plan_id, "milestone_id": event.milestone_id, "period": event.period})]


_WARNING_TYPES: Mapping[type[DropoutWarningEvent], str] = {
    DropoutWarningRaised: "dropout_warning.raised", DropoutWarningCleared: "dropout_warning.cleared",
    DropoutWarningClosed: "dropout_warning.closed", DropoutWarningWithdrawn: "dropout_warning.withdrawn",
}


def dropout_warning(event: Event) -> list[tuple[str, Subject, dict[str, Any]]]:
    assert isinstance(event, DropoutWarningEvent)
    subject = Subject("organisation", event.organisation_id)
    return [(_WARNING_TYPES[type(event)], subject, event.model_dump(mode="json"))]


NOTIFIERS: dict[type[Event], Callable[[Event], list[tuple[str, Subject, dict[str, Any]]]]] = {
    InvoiceIssued: invoice_issued,
    OrderClosed: order_closed,
    MilestoneAchieved: milestone_achieved,
    MilestoneMissed: milestone_missed,
    **dict.fromkeys(_WARNING_TYPES, dropout_warning),
}


def notifications_of(event_id: uuid.UUID, occurred_at: datetime, event: Event) -> list[Notification]:
    """The notifications a contract event gives rise to (none for an event no webhook is about)."""
    notifier = NOTIFIERS.get(type(event))
    if notifier is None:
        return []
    return [Notification(uuid.uuid5(_NAMESPACE, f"{event_id}:{event_type}"), event_type, subject, occurred_at, data)
            for event_type, subject, data in notifier(event)]


def body(notification_id: uuid.UUID, event_type: str, occurred_at: datetime, organisation_id: str,
         data: Mapping[str, Any]) -> dict[str, Any]:
    """What a receiver gets (the bytes signed are this, as compact JSON)."""
    return {"id": str(notification_id), "type": event_type, "created": occurred_at.isoformat(),
            "organisation_id": organisation_id, "data": dict(data)}
