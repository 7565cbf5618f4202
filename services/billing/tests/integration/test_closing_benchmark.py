"""Closing 1,000 orders over 1M attendance facts (PACTE_BILLING_BENCH=1; too slow for every run)."""

from __future__ import annotations

import os
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from pacte_billing.adapters import hours, ledger, orders
from pacte_billing.service_layer.accrual import refresh_accruals
from pacte_billing.service_layer.closing import issue_period
from pacte_platform.consumer import Emitter

pytestmark = pytest.mark.skipif(not os.environ.get("PACTE_BILLING_BENCH"), reason="set PACTE_BILLING_BENCH=1")

ORDERS, SESSIONS_PER_ORDER, TRAINEES, DAYS = 1000, 2, 25, 20


async def test_closing_1000_orders_over_1m_attendance_facts(billing: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    days = [date(2033, 3, 1) + timedelta(days=i) for i in range(DAYS)]
    pool = billing.runtime.db()
    async with pool.acquire() as conn, conn.transaction():
        await orders.record_orders(conn, [
            orders.OrderTerms(f"B{tag}-{o}", "L", "T", "qualifying", "trainee_hour", 1234, 0, "OF", 10**9)
            for o in range(ORDERS)])
        await ledger.record_sessions(conn, [
            ledger.SessionLink(f"S{tag}-{o}-{s}", f"B{tag}-{o}", 1)
            for o in range(ORDERS) for s in range(SESSIONS_PER_ORDER)])
    started = time.perf_counter()
    batch: list[ledger.HoursFact] = []
    total = 0
    for o in range(ORDERS):
        for s in range(SESSIONS_PER_ORDER):
            for t in range(TRAINEES):
                for d in days:
                    batch.append(ledger.HoursFact(uuid.uuid4(), f"S{tag}-{o}-{s}", f"t{t}", d, 1, Decimal("3.25")))
        if len(batch) >= 10_000:
            async with pool.acquire() as conn, conn.transaction():
                await hours.record_attendance(conn, batch)
            total += len(batch)
            batch = []
    if batch:
        async with pool.acquire() as conn, conn.transaction():
            await hours.record_attendance(conn, batch)
        total += len(batch)
    ingest = time.perf_counter() - started
    async with pool.acquire() as conn:
        await conn.execute("ANALYZE")
    started = time.perf_counter()
    emit = Emitter(producer="billing")
    async with pool.acquire() as conn, conn.transaction():
        await ledger.lock_ledger(conn)
        # As the closing handlers do: issue, then the accrual of every invoiced order.
        await refresh_accruals(conn, await issue_period(conn, "2033-03", emit), emit)
    closing = time.perf_counter() - started
    issued = [e for e in emit.events if type(e).__name__ == "InvoiceIssued"]
    print(f"\ningested {total} attendance facts in {ingest:.1f}s ({total / ingest:.0f}/s); "
          f"closing issued {len(issued)} invoices in {closing:.2f}s")
    assert total == ORDERS * SESSIONS_PER_ORDER * TRAINEES * DAYS
    assert len(issued) >= ORDERS
    mine = [e for e in issued if e.order_id.startswith(f"B{tag}-")]  # type: ignore[attr-defined]
    assert all(e.lines[0].quantity == "3250" for e in mine)  # type: ignore[attr-defined]
