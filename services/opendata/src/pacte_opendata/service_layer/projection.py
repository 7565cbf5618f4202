"""Consumers that keep the public facts: the buying side's events, paid invoices (batch-wide).

Each event's time is the time its fact happened (the envelope's `occurred_at`): releases and DECP
dates are built from it, so a replay gives the same publication. Every write is idempotent by
business key (the first fact wins, as the facts never change), so order and duplicates do not matter.

An order closed by the buyer (`OrderClosed`, billing.invoice.v1, rules version 2) has its amount
lowered: the OCDS contract amendment and the DECP modification are built from `order_closings`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg

from pacte_contracts.billing import InvoicePaid, OrderClosed
from pacte_contracts.envelope import Event
from pacte_contracts.procurement import (
    LotAwarded,
    LotDeclaredUnsuccessful,
    LotDefined,
    OrderPlaced,
    OrganisationRegistered,
    TenderClosed,
    TenderPublished,
)
from pacte_opendata.adapters import repository
from pacte_platform.consumer import Consumed, Emitter

Rows = Callable[[Sequence[Consumed]], list[tuple[Any, ...]]]


def _tenders(batch: Sequence[Consumed]) -> list[tuple[Any, ...]]:
    return [(e.tender_id, e.reference, e.title, e.axis.value, e.procedure.value, e.budget_cents, e.starts_on,
             e.ends_on, c.envelope.occurred_at) for c in batch if isinstance(e := c.event, TenderPublished)]


def _closings(batch: Sequence[Consumed]) -> list[tuple[Any, ...]]:
    return [(c.event.tender_id, c.envelope.occurred_at) for c in batch if isinstance(c.event, TenderClosed)]


def _lots(batch: Sequence[Consumed]) -> list[tuple[Any, ...]]:
    return [(e.lot_id, e.tender_id, e.number, e.title, e.territory.value, e.domain.value, e.action_type.value,
             e.billing_unit.value, e.unit_price_cents, c.envelope.occurred_at)
            for c in batch if isinstance(e := c.event, LotDefined)]


def _decisions(batch: Sequence[Consumed]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for c in batch:
        e = c.event
        if isinstance(e, LotAwarded):
            members = [e.holder_organisation_id, *(m for m in e.members if m != e.holder_organisation_id)]
            rows.append((e.lot_id, e.tender_id, "awarded", e.holder_organisation_id, members, c.envelope.occurred_at))
        elif isinstance(e, LotDeclaredUnsuccessful):
            rows.append((e.lot_id, e.tender_id, "unsuccessful", None, [], c.envelope.occurred_at))
    return rows


def _orders(batch: Sequence[Consumed]) -> list[tuple[Any, ...]]:
    return [(e.order_id, e.lot_id, e.tender_id, e.holder_organisation_id, e.amount_cents, c.envelope.occurred_at)
            for c in batch if isinstance(e := c.event, OrderPlaced)]


def _registrations(batch: Sequence[Consumed]) -> list[tuple[Any, ...]]:
    return [(e.organisation_id, c.envelope.occurred_at, e.name, e.siret)
            for c in batch if isinstance(e := c.event, OrganisationRegistered)]


def _payments(batch: Sequence[Consumed]) -> list[tuple[Any, ...]]:
    return [(e.invoice_id, e.version, e.order_id, e.period, e.paid_cents, c.envelope.occurred_at)
            for c in batch if isinstance(e := c.event, InvoicePaid)]


def _order_closings(batch: Sequence[Consumed]) -> list[tuple[Any, ...]]:
    return [(e.order_id, e.amount_cents, c.envelope.occurred_at)
            for c in batch if isinstance(e := c.event, OrderClosed)]


#: In a fixed order, so that concurrent batches take row locks in the same order.
WRITES: tuple[tuple[Rows, Callable[[asyncpg.Connection, Sequence[tuple[Any, ...]]], Awaitable[None]]], ...] = (
    (_tenders, repository.upsert_tenders),
    (_closings, repository.close_tenders),
    (_lots, repository.upsert_lots),
    (_decisions, repository.decide_lots),
    (_orders, repository.insert_orders),
    (_registrations, repository.insert_registrations),
    (_payments, repository.insert_payments),
    (_order_closings, repository.insert_order_closings),
)
PROCUREMENT_EVENTS: tuple[type[Event], ...] = (TenderPublished, TenderClosed, LotDefined, LotAwarded,
                                               LotDeclaredUnsuccessful, OrderPlaced, OrganisationRegistered)
PAYMENT_EVENTS: tuple[type[Event], ...] = (InvoicePaid, OrderClosed)


async def project_public_facts(conn: asyncpg.Connection, consumed: list[Consumed], _: Emitter) -> None:
    """Consumers of the buying side's topics and of paid invoices: one statement per table per batch."""
    for rows_of, write in WRITES:
        await write(conn, rows_of(consumed))
    await repository.touch(conn, "procurement")
