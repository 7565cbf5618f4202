"""Running accrual (BILLING.md): per order, billable from every fact known now minus invoiced."""

from __future__ import annotations

import time
from collections.abc import Iterable

import asyncpg

from pacte_billing.adapters import invoices as repo
from pacte_billing.domain.invoicing import accrued_cents
from pacte_billing.metrics import ACCRUED_CENTS
from pacte_contracts.billing import OrderAccrualChanged
from pacte_platform.consumer import Emitter


def next_sequence(previous: int | None) -> int:
    # Time-based so a billing database rebuilt from the topics keeps outranking what it
    # published before: consumers keep the highest sequence.
    return max((previous or 0) + 1, time.time_ns() // 1000)


async def refresh_accruals(conn: asyncpg.Connection, order_ids: Iterable[str], emit: Emitter) -> None:
    """Recomputes the accrual of the orders a batch touched; emits only real changes."""
    ids = sorted(set(order_ids))
    if not ids:
        return
    terms = await repo.order_terms(conn, ids)
    if not terms:
        return
    current = await repo.current_quantities(conn, terms)
    billed = await repo.billed_so_far(conn, terms)
    known = await repo.accruals(conn, terms)
    changes: list[tuple[str, int, int]] = []
    for order_id in sorted(terms):
        value = accrued_cents(current.get(order_id, []), billed[order_id].lines)
        previous = known.get(order_id)
        if (previous is None and value == 0) or (previous is not None and previous[0] == value):
            continue
        sequence = next_sequence(previous[1] if previous else None)
        changes.append((order_id, value, sequence))
        emit.emit(OrderAccrualChanged(order_id=order_id, accrued_cents=value, sequence=sequence))
    if changes:
        await repo.save_accruals(conn, changes)
        ACCRUED_CENTS.set(await repo.accrued_total(conn))
