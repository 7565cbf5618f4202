"""Billing's command models: SCENARIO.md's stage 1 (malformed) is theirs, values are the deciders'."""

from __future__ import annotations

from typing import Any

import pytest

from pacte_billing.domain.commands import (
    COMMANDS,
    ApproveInvoices,
    CloseOrder,
    ClosePeriod,
    DisputeInvoice,
    PayInvoice,
    PayInvoices,
)
from pacte_contracts.refusals import Rejection, parse


def test_every_billing_command_of_scenario_md_and_the_back_office_bulk_ones() -> None:
    assert {c.NAME for c in COMMANDS} == {"period.close", "invoice.approve", "invoice.pay", "invoice.dispute",
                                          "invoice.reissue", "order.close", "invoice.approve_many",
                                          "invoice.pay_many"}


@pytest.mark.parametrize("payload", [
    {"invoice_ids": []},
    {"invoice_ids": [f"INV-{n}" for n in range(501)]},
    {"invoice_ids": ["INV-1"], "payment_reference": "VIR-1"},                          # no date
    {"invoice_ids": ["INV-1"], "payment_reference": "", "paid_on": "2024-02-01"},
    {"invoice_ids": ["INV-1"], "payment_reference": "VIR-1", "paid_on": "2024-02-30"},
    {"invoice_ids": "INV-1", "payment_reference": "VIR-1", "paid_on": "2024-02-01"},
])
def test_malformed_bulk_payments_are_invalid(payload: dict[str, Any]) -> None:
    assert isinstance(parse(PayInvoices, payload), Rejection)


def test_bulk_commands_and_a_payment_with_its_transfer() -> None:
    assert isinstance(parse(ApproveInvoices, {"invoice_ids": ["INV-1", "INV-2"]}), ApproveInvoices)
    paid = parse(PayInvoices, {"invoice_ids": ["INV-1"], "payment_reference": "VIR-2024-02", "paid_on": "2024-02-01"})
    assert isinstance(paid, PayInvoices) and paid.paid_on.isoformat() == "2024-02-01"
    single = parse(PayInvoice, {"order_id": "BC-1", "period": "2019-09", "payment_reference": "VIR-1"})
    assert isinstance(single, PayInvoice) and single.paid_on is None


@pytest.mark.parametrize("payload", [
    {"order_id": "BC-1", "period": "2019-09"},                      # reason missing
    {"order_id": "BC-1", "period": "2019-09", "reason": ""},        # empty
    {"order_id": "BC-1", "period": "2019-09", "reason": 3},         # not a string
    {"order_id": "BC-1", "period": "2019-09", "reason": None},
    {"order_id": "BC-1", "period": "2019-13", "reason": "x"},       # not a period
    {"order_id": "BC-1", "period": "2019-9", "reason": "x"},
    {"order_id": "  ", "period": "2019-09", "reason": "x"},         # a blank id names nothing
    {"order_id": 7, "period": "2019-09", "reason": "x"},
])
def test_malformed_disputes_are_invalid_at_stage_1(payload: dict[str, Any]) -> None:
    assert isinstance(parse(DisputeInvoice, payload), Rejection)


def test_a_blank_reason_is_left_to_stage_3() -> None:
    assert isinstance(parse(DisputeInvoice, {"order_id": "BC-1", "period": "2019-09", "reason": "  "}), DisputeInvoice)


def test_other_fields_are_ignored() -> None:
    parsed = parse(PayInvoice, {"order_id": "BC-1", "period": "2019-09", "as_organisation": "OF-X"})
    assert isinstance(parsed, PayInvoice)
    assert isinstance(parse(CloseOrder, {"order_id": "BC-1"}), CloseOrder)
    assert isinstance(parse(ClosePeriod, {"period": 201909}), Rejection)
