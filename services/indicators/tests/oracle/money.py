"""Reference model of the money indicators, per order, the plain way (BILLING.md, INDICATORS.md).

An invoice version counts unless it was disputed or a later version of its (order, period) exists
(billing issues version n+1 only to replace a disputed n); payments are counted as paid; a closed
order commits its lowered amount; the newest accrual is the order's.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from typing import TypeVar

from pacte_contracts import billing as bil
from pacte_contracts import procurement as proc
from pacte_contracts.codes import LineKind
from pacte_contracts.envelope import Event
from pacte_indicators.domain.indicator_set import MoneyFacts

E = TypeVar("E", bound=Event)
K = TypeVar("K", bound=Hashable)


def latest(events: Iterable[Event], kind: type[E], key: Callable[[E], K], rank: Callable[[E], int]) -> dict[K, E]:
    """Per business key, the event of the highest rank (revision, sequence): a re-send replaces."""
    best: dict[K, E] = {}
    for event in events:
        if isinstance(event, kind):
            k = key(event)
            if k not in best or rank(event) > rank(best[k]):
                best[k] = event
    return best


def counting_invoices(events: list[Event]) -> list[bil.InvoiceIssued]:
    """Every invoice version but a disputed one (BILLING.md)."""
    issued = latest(events, bil.InvoiceIssued, lambda e: (e.invoice_id, e.version), lambda e: 0)
    disputed = {(e.invoice_id, e.version) for e in events if isinstance(e, bil.InvoiceDisputed)}
    newest_version = latest(issued.values(), bil.InvoiceIssued, lambda e: (e.order_id, e.period), lambda e: e.version)
    return [i for key, i in issued.items()
            if key not in disputed and newest_version[(i.order_id, i.period)].version == i.version]


def committed(events: list[Event]) -> dict[str, int]:
    """Each order's committed amount: the amount it was placed with, or the one closing lowered it to."""
    closed = {e.order_id: e.amount_cents for e in events if isinstance(e, bil.OrderClosed)}
    return {order_id: closed.get(order_id, order.amount_cents)
            for order_id, order in latest(events, proc.OrderPlaced, lambda e: e.order_id, lambda e: 0).items()}


def money_by_order(events: list[Event]) -> dict[str, MoneyFacts]:
    invoices = counting_invoices(events)
    payments = latest(events, bil.InvoicePaid, lambda e: (e.invoice_id, e.version), lambda e: 0)
    accruals = latest(events, bil.OrderAccrualChanged, lambda e: e.order_id, lambda e: e.sequence)

    def billed(order_id: str, kind: LineKind) -> Decimal:
        return sum((Decimal(line.quantity) for i in invoices if i.order_id == order_id
                    for line in i.lines if line.kind == kind), Decimal(0))

    return {
        order_id: MoneyFacts(
            opening_days_billed=billed(order_id, LineKind.OPENING_DAY),
            trainer_hours_billed=billed(order_id, LineKind.TRAINER_HOUR),
            trainee_hours_billed=billed(order_id, LineKind.TRAINEE_HOUR),
            invoiced_cents=sum(i.payable_cents for i in invoices if i.order_id == order_id),
            paid_cents=sum(p.paid_cents for p in payments.values() if p.order_id == order_id),
            committed_cents=amount,
            accrued_cents=accruals[order_id].accrued_cents if order_id in accruals else 0,
        )
        for order_id, amount in committed(events).items()
    }


def total(parts: Iterable[MoneyFacts]) -> MoneyFacts:
    result = MoneyFacts()
    for m in parts:
        result = MoneyFacts(*(getattr(result, f) + getattr(m, f) for f in MoneyFacts.__dataclass_fields__))
    return result
