"""The commands billing decides: one strict model each (SCENARIO.md's fields).

Each model is the route's body (with the path's ids), its OpenAPI schema and the decider's input;
the scenario player sends the same fields. A blank dispute reason (only spaces) is a value refused
at stage 3, after `forbidden`; an empty one is malformed (stage 1).
"""

from __future__ import annotations

from pydantic import Field

from pacte_contracts.types import Command, Id, IsoDate, NonEmptyText, Period

#: Invoices one bulk command acts on at most (a page of the back-office's list).
BULK_MAX = 500


class ClosePeriod(Command):
    """Finance closes a month: its invoices are issued on a consistent cut (BILLING.md)."""

    NAME = "period.close"
    period: Period


class InvoiceCommand(Command):
    """A command on the latest version of an order's invoice for a period."""

    order_id: Id
    period: Period


class ApproveInvoice(InvoiceCommand):
    NAME = "invoice.approve"


class PayInvoice(InvoiceCommand):
    NAME = "invoice.pay"
    payment_reference: NonEmptyText | None = Field(default=None, description="the bank transfer's reference")
    paid_on: IsoDate | None = Field(default=None, description="the day it was paid (default: today)")


class DisputeInvoice(InvoiceCommand):
    """The holder of the order's lot disputes an issued or approved invoice, saying why."""

    NAME = "invoice.dispute"
    reason: NonEmptyText


class ReissueInvoice(InvoiceCommand):
    """Finance replaces a disputed invoice by a new version computed from the facts known now."""

    NAME = "invoice.reissue"


class CloseOrder(Command):
    """The buyer closes an order: its amount is lowered to what it has earned so far."""

    NAME = "order.close"
    order_id: Id


class ApproveInvoices(Command):
    """Finance approves many invoices at once, each the latest version of its (order, period); each is
    decided on its own (the answer says which were approved and why the others were refused)."""

    NAME = "invoice.approve_many"
    invoice_ids: list[Id] = Field(min_length=1, max_length=BULK_MAX)


class PayInvoices(Command):
    """Finance records one bank transfer paying many approved invoices; each is decided on its own."""

    NAME = "invoice.pay_many"
    invoice_ids: list[Id] = Field(min_length=1, max_length=BULK_MAX)
    payment_reference: NonEmptyText = Field(description="the bank transfer's reference")
    paid_on: IsoDate = Field(description="the day it was paid")


COMMANDS: tuple[type[Command], ...] = (
    ClosePeriod, ApproveInvoice, PayInvoice, DisputeInvoice, ReissueInvoice, CloseOrder, ApproveInvoices,
    PayInvoices,
)
