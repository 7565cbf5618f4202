"""Handlers that project consumed events into fact tables, one per event type, batch-wide.

A batch is first reduced to one row per business key (highest revision / sequence wins), then
each handler writes its rows in one statement. Reordering and duplicates converge because the
SQL keeps the highest revision too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import asyncpg

from pacte_contracts.attendance import (
    OutcomeRecorded,
    SatisfactionRecorded,
    TraineeEvent,
    TraineeSuspended,
)
from pacte_contracts.billing import InvoiceIssued, InvoicePaid, OrderAccrualChanged
from pacte_contracts.codes import LineKind
from pacte_contracts.envelope import Event
from pacte_contracts.procurement import (
    JobseekerCountSet,
    LotAwarded,
    LotDeclaredUnsuccessful,
    LotDefined,
    OrderPlaced,
    SessionCancelled,
    SessionScheduled,
    TenderClosed,
    TenderPublished,
)
from pacte_indicators.adapters import facts
from pacte_platform.consumer import Consumed, Emitter

E = TypeVar("E", bound=Event)
K = TypeVar("K", bound=Hashable)


def _newest(events: Iterable[E], key: Callable[[E], K], rank: Callable[[E], int]) -> list[E]:
    """One event per key: the highest rank (revision, sequence); the first one seen on ties."""
    best: dict[K, E] = {}
    for event in events:
        k = key(event)
        if k not in best or rank(event) > rank(best[k]):
            best[k] = event
    return list(best.values())


def _first(events: Iterable[E], key: Callable[[E], K]) -> list[E]:
    return _newest(events, key, lambda _: 0)


async def on_tenders_published(conn: asyncpg.Connection, events: Sequence[TenderPublished]) -> None:
    await facts.upsert_tenders(conn, [
        (e.tender_id, e.axis.value, e.procedure.value, e.budget_cents, e.starts_on, e.ends_on)
        for e in _first(events, lambda e: e.tender_id)
    ])


async def on_tenders_closed(conn: asyncpg.Connection, events: Sequence[TenderClosed]) -> None:
    await facts.close_tenders(conn, sorted({e.tender_id for e in events}))


async def on_lots_defined(conn: asyncpg.Connection, events: Sequence[LotDefined]) -> None:
    await facts.upsert_lot_definitions(conn, [
        (e.lot_id, e.tender_id, e.axis.value, e.territory.value, e.domain.value, e.action_type.value,
         e.session_capacity)
        for e in _first(events, lambda e: e.lot_id)
    ])


async def on_lots_decided(conn: asyncpg.Connection, events: Sequence[LotAwarded | LotDeclaredUnsuccessful]) -> None:
    rows: list[tuple[str, str, str, str | None]] = []
    for e in _first(events, lambda e: e.lot_id):
        if isinstance(e, LotAwarded):
            rows.append((e.lot_id, e.tender_id, "awarded", e.holder_organisation_id))
        else:
            rows.append((e.lot_id, e.tender_id, "unsuccessful", None))
    await facts.set_lot_outcomes(conn, rows)


async def on_orders_placed(conn: asyncpg.Connection, events: Sequence[OrderPlaced]) -> None:
    await facts.insert_orders(conn, [
        (e.order_id, e.lot_id, e.tender_id, e.axis.value, e.territory.value, e.domain.value, e.action_type.value,
         e.holder_organisation_id, e.amount_cents)
        for e in _first(events, lambda e: e.order_id)
    ])


async def on_sessions_scheduled(conn: asyncpg.Connection, events: Sequence[SessionScheduled]) -> None:
    await facts.upsert_sessions(conn, [
        (e.session_id, e.order_id, e.lot_id, e.tender_id, e.axis.value, e.territory.value, e.domain.value,
         e.action_type.value, e.holder_organisation_id, e.starts_on, e.capacity, e.revision)
        for e in _newest(events, lambda e: e.session_id, lambda e: e.revision)
    ])


async def on_sessions_cancelled(conn: asyncpg.Connection, events: Sequence[SessionCancelled]) -> None:
    await facts.cancel_sessions(conn, [
        (e.session_id, e.order_id, e.lot_id) for e in _first(events, lambda e: e.session_id)
    ])


async def on_jobseeker_counts(conn: asyncpg.Connection, events: Sequence[JobseekerCountSet]) -> None:
    await facts.upsert_jobseeker_counts(conn, [
        (e.territory.value, e.count, e.revision)
        for e in _newest(events, lambda e: e.territory, lambda e: e.revision)
    ])


async def on_trainee_events(conn: asyncpg.Connection, events: Sequence[TraineeEvent]) -> None:
    stays = []
    for e in _newest(events, lambda e: (e.session_id, e.trainee_key), lambda e: e.stay.revision):
        stay = e.stay
        profile = stay.profile
        stays.append((
            e.session_id, e.trainee_key, stay.revision, stay.status, stay.enrolled_on,
            profile.qualification.value if profile.qualification else None, profile.jobseeker_registered,
            sorted({p.value for p in profile.priority_publics}), stay.exited_on,
            stay.certification.value if stay.certification else None,
            stay.dropout_reason.value if stay.dropout_reason else None,
        ))
    await facts.upsert_stays(conn, stays)
    suspensions = _newest(
        (e for e in events if isinstance(e, TraineeSuspended)),
        lambda e: (e.session_id, e.trainee_key, e.suspension_number),
        lambda e: e.stay.revision,
    )
    await facts.upsert_suspensions(conn, [
        (e.session_id, e.trainee_key, e.suspension_number, e.date, e.stay.revision) for e in suspensions
    ])


async def on_outcomes(conn: asyncpg.Connection, events: Sequence[OutcomeRecorded]) -> None:
    await facts.insert_outcomes(conn, [
        (e.session_id, e.trainee_key, e.months_after_exit, e.revision, e.observed_on, e.status.value)
        for e in _first(events, lambda e: (e.session_id, e.trainee_key, e.months_after_exit, e.revision))
    ])


async def on_satisfactions(conn: asyncpg.Connection, events: Sequence[SatisfactionRecorded]) -> None:
    await facts.insert_satisfactions(conn, [
        (e.session_id, e.trainee_key, e.revision, e.date, e.score)
        for e in _first(events, lambda e: (e.session_id, e.trainee_key, e.revision))
    ])


def _billed(invoice: InvoiceIssued, kind: LineKind) -> Decimal:
    return sum((Decimal(line.quantity) for line in invoice.lines if line.kind == kind), Decimal(0))


async def on_invoices_issued(conn: asyncpg.Connection, events: Sequence[InvoiceIssued]) -> None:
    await facts.insert_invoices(conn, [
        (e.invoice_id, e.version, e.order_id, e.period, e.total_cents, e.payable_cents,
         _billed(e, LineKind.OPENING_DAY), _billed(e, LineKind.TRAINER_HOUR), _billed(e, LineKind.TRAINEE_HOUR))
        for e in _first(events, lambda e: (e.invoice_id, e.version))
    ])


async def on_invoices_paid(conn: asyncpg.Connection, events: Sequence[InvoicePaid]) -> None:
    await facts.insert_payments(conn, [
        (e.invoice_id, e.version, e.order_id, e.period, e.paid_cents)
        for e in _first(events, lambda e: (e.invoice_id, e.version))
    ])


async def on_accruals(conn: asyncpg.Connection, events: Sequence[OrderAccrualChanged]) -> None:
    await facts.upsert_accruals(conn, [
        (e.order_id, e.accrued_cents, e.sequence)
        for e in _newest(events, lambda e: e.order_id, lambda e: e.sequence)
    ])


Projector = Callable[[asyncpg.Connection, Sequence[Any]], Awaitable[None]]

#: Event class → handler; the most specific class listed wins (SessionRescheduled is a SessionScheduled).
PROJECTORS: tuple[tuple[type[Event], Projector], ...] = (
    (TenderPublished, on_tenders_published),
    (TenderClosed, on_tenders_closed),
    (LotDefined, on_lots_defined),
    (LotAwarded, on_lots_decided),
    (LotDeclaredUnsuccessful, on_lots_decided),
    (OrderPlaced, on_orders_placed),
    (SessionScheduled, on_sessions_scheduled),
    (SessionCancelled, on_sessions_cancelled),
    (JobseekerCountSet, on_jobseeker_counts),
    (TraineeEvent, on_trainee_events),
    (OutcomeRecorded, on_outcomes),
    (SatisfactionRecorded, on_satisfactions),
    (InvoiceIssued, on_invoices_issued),
    (InvoicePaid, on_invoices_paid),
    (OrderAccrualChanged, on_accruals),
)


#: What the facts consumer acts on; the rest of its topics' traffic (attendance, trainer hours, open
#: days: most of it) is acknowledged undecoded.
PROJECTED_EVENTS: tuple[type[Event], ...] = tuple(event_type for event_type, _ in PROJECTORS)


def _projector_of(event: Event) -> Projector | None:
    for event_type, projector in PROJECTORS:
        if isinstance(event, event_type):
            return projector
    return None


async def project_facts(conn: asyncpg.Connection, consumed: list[Consumed], _: Emitter) -> None:
    """Consumer of group ``indicators-facts``: the whole batch in its one transaction.

    Events that carry nothing for indicators (open days, trainer hours, attendance, approvals,
    ceilings...) are acknowledged and ignored: billed quantities come from invoices.
    """
    grouped: dict[Projector, list[Event]] = defaultdict(list)
    for c in consumed:
        projector = _projector_of(c.event)
        if projector is not None:
            grouped[projector].append(c.event)
    if not grouped:
        return
    # Handlers run in a fixed order so that concurrent batches take row locks in the same order.
    for _event_type, projector in PROJECTORS:
        batch = grouped.pop(projector, None)
        if batch:
            await projector(conn, batch)
    await facts.bump_facts_version(conn)
