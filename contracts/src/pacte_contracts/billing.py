"""Events of the billing service: period closings, invoices, ceilings and running accrual."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from pacte_contracts import topics
from pacte_contracts.codes import LineKind
from pacte_contracts.envelope import Event, register


@register
class PeriodClosingStarted(Event):
    """Finance requested the closing of `period`. Every service that produces facts answers by
    announcing the cut `cut_id` (markers behind everything it committed before); billing's invoices
    and the indicators its milestones are evaluated on are computed on that cut (BILLING.md,
    consistent closings; docs/architecture.md)."""

    TOPIC: ClassVar[str] = topics.BILLING_PERIOD
    KEY_FIELD: ClassVar[str] = "period"
    period: str
    as_of: str

    @property
    def cut_id(self) -> str:
        return closing_cut_id(self.period)


def closing_cut_id(period: str) -> str:
    """The consistent cut of a period's closing (a period is closed once)."""
    return f"closing:{period}"


def period_of_cut(cut_id: str) -> str | None:
    """The period whose closing a cut is, if it is one."""
    return cut_id.removeprefix("closing:") if cut_id.startswith("closing:") else None


@register
class PeriodClosed(Event):
    TOPIC: ClassVar[str] = topics.BILLING_PERIOD
    KEY_FIELD: ClassVar[str] = "period"
    period: str
    invoices_issued: int


class InvoiceLine(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: LineKind
    origin_period: str
    ref: str | None
    quantity: str
    unit_price_cents: int
    amount_cents: int


class InvoiceEvent(Event):
    TOPIC: ClassVar[str] = topics.BILLING_INVOICE
    KEY_FIELD: ClassVar[str] = "order_id"
    invoice_id: str
    order_id: str
    period: str
    version: int


@register
class InvoiceIssued(InvoiceEvent):
    """A version of an order's invoice for a period. Version n+1 replaces a disputed version n
    (`reissued` true): from then on it counts, and the disputed one does not (BILLING.md)."""

    lines: list[InvoiceLine]
    total_cents: int
    payable_cents: int
    over_ceiling_cents: int
    reissued: bool = False


@register
class InvoiceApproved(InvoiceEvent):
    payable_cents: int


@register
class InvoicePaid(InvoiceEvent):
    paid_cents: int
    #: The bank transfer's reference and the day it was paid, as finance recorded them (absent before).
    payment_reference: str | None = None
    paid_on: date | None = None


@register
class InvoiceDisputed(InvoiceEvent):
    reason: str


@register
class OrderCeilingReached(Event):
    TOPIC: ClassVar[str] = topics.BILLING_INVOICE
    KEY_FIELD: ClassVar[str] = "order_id"
    order_id: str
    invoice_id: str
    amount_cents: int
    over_ceiling_cents: int


@register
class OrderClosed(Event):
    """The buyer closed an order (BILLING.md, order closing): its amount is lowered to what it has
    earned so far and `released_cents` goes back to its tender's budget. Billing decides it, as it
    alone knows the order's counting invoices and running accrual at that moment."""

    TOPIC: ClassVar[str] = topics.BILLING_INVOICE
    KEY_FIELD: ClassVar[str] = "order_id"
    order_id: str
    lot_id: str
    tender_id: str
    #: The amount before closing, and after it (what the order has earned so far, within it).
    previous_amount_cents: int
    amount_cents: int
    released_cents: int


@register
class OrderAccrualChanged(Event):
    TOPIC: ClassVar[str] = topics.BILLING_ACCRUAL
    KEY_FIELD: ClassVar[str] = "order_id"
    order_id: str
    accrued_cents: int
    #: Grows with each change, so the newest value wins whatever the delivery order.
    sequence: int
