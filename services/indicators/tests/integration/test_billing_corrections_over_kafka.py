"""Issue 16's defect, over the real broker: a dispute, a re-issue and an order closing, published as
billing publishes them, give every scope's money and the budget that billing's own figures give.

The expected figures are billing's, per order (`billing_corrections.BILLING`, derived by hand from
BILLING.md), added up here per scope and per axis, independently of the service's SQL and of the
reference model. The service runs once for the module; each test plays the next stage of the same
programme (`billing_corrections.STAGES`) and checks every scope of `/indicators` and the whole of
`/budget`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
import pytest_asyncio

from pacte_testing import Infra, wait_until

from .billing_corrections import AXES, BILLING, ENTRIES, LOTS, STAGES, TARGETS, Money, programme_events
from .running import Service, indicators_service
from .scenario_events import envelopes_of, publish

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _quantity(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _half_up(numerator: int, denominator: int, places: str) -> Decimal:
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def expected_scopes(orders: dict[str, Money]) -> dict[str, dict[str, Any]]:
    """Billing's figures added up per scope: the money part of every scope's indicators."""
    money: dict[str, Money] = defaultdict(lambda: Money(0))
    entries: dict[str, int] = defaultdict(int)
    for order_id, figures in orders.items():
        for scope in LOTS[order_id].scopes:
            money[scope] += figures
            entries[scope] += ENTRIES[order_id]
    return {scope: {
        "entries": entries[scope],
        "opening_days_billed": _quantity(m.opening_days_billed),
        "trainer_hours_billed": _quantity(m.trainer_hours_billed),
        "trainee_hours_billed": _quantity(m.trainee_hours_billed),
        "invoiced_cents": m.invoiced_cents,
        "paid_cents": m.paid_cents,
        "committed_cents": m.committed_cents,
        "accrued_cents": m.accrued_cents,
        "cost_per_entry_cents": int(_half_up(m.invoiced_cents, entries[scope], "1")) if entries[scope] else None,
    } for scope, m in money.items()}


def expected_budget(orders: dict[str, Money]) -> dict[str, dict[str, Any]]:
    by_axis: dict[str, Money] = defaultdict(lambda: Money(0))
    for order_id, figures in orders.items():
        by_axis[AXES[LOTS[order_id].tender_id].value] += figures
    total = sum(m.committed_cents for m in by_axis.values())
    return {axis: {"committed_cents": by_axis[axis].committed_cents, "payable_cents": by_axis[axis].invoiced_cents,
                   "paid_cents": by_axis[axis].paid_cents,
                   "share": str(_half_up(by_axis[axis].committed_cents, total, "0.0001")), "target": target}
            for axis, target in TARGETS.items()}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(private_infra: Infra) -> AsyncIterator[Service]:
    async with indicators_service(private_infra) as running:
        await publish(running.producer, envelopes_of(programme_events()))
        yield running


async def _money_of_every_scope(service: Service) -> dict[str, dict[str, Any]]:
    report = (await service.get("/indicators")).json()
    wanted = next(iter(expected_scopes(BILLING["issued"]).values())).keys()
    return {scope: {name: values[name] for name in wanted} for scope, values in report.items()}


async def _played(service: Service, stage: str) -> None:
    """Publishes the stage's events and waits until every scope and the budget say billing's figures."""
    await publish(service.producer, envelopes_of(STAGES[stage]))
    scopes, budget = expected_scopes(BILLING[stage]), expected_budget(BILLING[stage])
    seen: dict[str, Any] = {}

    async def agreed() -> bool:
        seen.update(scopes=await _money_of_every_scope(service), budget=(await service.get("/budget")).json())
        return bool(seen["scopes"] == scopes and seen["budget"] == budget)

    try:
        await wait_until(agreed, timeout=30)
    except TimeoutError:
        assert seen["scopes"] == scopes
        assert seen["budget"] == budget


@pytest.mark.parametrize("stage", list(STAGES))
async def test_every_scope_and_the_budget_agree_with_billing(service: Service, stage: str) -> None:
    await _played(service, stage)


async def test_cancelled_enrolments_never_existed(service: Service) -> None:
    q1 = (await service.get("/indicators/lot:L-Q1")).json()["indicators"]
    assert (q1["entries"], q1["places_offered"], q1["fill_rate"]) == (3, 12, "0.2500")
    q2 = (await service.get("/indicators/lot:L-Q2", explain="true")).json()
    assert (q2["indicators"]["entries"], q2["indicators"]["exits"], q2["indicators"]["suspensions"]) == (3, 1, 0)
    assert q2["explain"]["satisfaction_response_rate"]["numerator"] == 0
