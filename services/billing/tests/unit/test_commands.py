"""Billing's command models: SCENARIO.md's stage 1 (malformed) is theirs, values are the deciders'."""

from __future__ import annotations

from typing import Any

import pytest

from pacte_billing.domain.commands import COMMANDS, CloseOrder, ClosePeriod, DisputeInvoice, PayInvoice
from pacte_contracts.refusals import Rejection, parse


def test_every_billing_command_of_scenario_md() -> None:
    assert {c.NAME for c in COMMANDS} == {"period.close", "invoice.approve", "invoice.pay", "invoice.dispute",
                                          "invoice.reissue", "order.close"}


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
