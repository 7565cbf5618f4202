"""Running accrual (BILLING.md): per order, billable from every fact known now minus what its counting
invoices billed, before the ceiling."""

from __future__ import annotations

import time
from collections.abc import Iterable

import asyncpg

from pacte_billing.adapters import accruals, quantities
from pacte_billing.adapters.orders import order_terms
from pacte_billing.domain.invoicing import accrued_cents
from pacte_billing.metrics import ACCRUED_CENTS
from pacte_contracts.billing import OrderAccrualChanged
from pacte_platform.consumer import Emitter


def next_sequence(previous: int | None) -> int:
    # Time-based so a billing database rebuilt from the topics keeps outranking what it
    # published before: consumers keep the highest sequence.
    return max((previous or 0) + 1, time.time_ns() // 1000)


async def accrued_now(conn: asyncpg.Connection, order_ids: Iterable[str]) -> dict[str, int]:
    terms = await order_terms(conn, order_ids)
    current = await quantities.current_quantities(conn, terms)
    billed = await quantities.billed_so_far(conn, terms)
    return {order_id: accrued_cents(current.get(order_id, []), billed[order_id].lines) for order_id in sorted(terms)}


async def refresh_accruals(conn: asyncpg.Connection, order_ids: Iterable[str], emit: Emitter) -> None:
    """Recomputes the accrual of the orders a batch or a command touched; emits only real changes."""
    ids = sorted(set(order_ids))
    if not ids:
        return
    await accruals.lock_orders(conn, ids)
    now = await accrued_now(conn, ids)
    known = await accruals.accruals(conn, now)
    changes: list[tuple[str, int, int]] = []
    for order_id, value in now.items():
        previous = known.get(order_id)
        if (previous is None and value == 0) or (previous is not None and previous[0] == value):
            continue
        sequence = next_sequence(previous[1] if previous else None)
        changes.append((order_id, value, sequence))
        emit.emit(OrderAccrualChanged(order_id=order_id, accrued_cents=value, sequence=sequence))
    if changes:
        await accruals.save_accruals(conn, changes)
        ACCRUED_CENTS.set(await accruals.accrued_total(conn))
