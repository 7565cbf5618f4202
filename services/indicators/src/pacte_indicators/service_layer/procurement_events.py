"""Handlers of procurement's events: the programme's tenders, lots, orders, sessions and job-seeker
counts. Sessions and orders carry their lot's terms, so no handler waits for another's table."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import asyncpg

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
from pacte_indicators.adapters import programme

from .batches import first, newest


async def on_tender_published(conn: asyncpg.Connection, events: Sequence[TenderPublished]) -> None:
    await programme.upsert_tenders(conn, [
        (e.tender_id, e.axis.value, e.procedure.value, e.budget_cents, e.starts_on, e.ends_on)
        for e in first(events, lambda e: e.tender_id)
    ])


async def on_tender_closed(conn: asyncpg.Connection, events: Sequence[TenderClosed]) -> None:
    await programme.close_tenders(conn, sorted({e.tender_id for e in events}))


async def on_lot_defined(conn: asyncpg.Connection, events: Sequence[LotDefined]) -> None:
    await programme.upsert_lot_definitions(conn, [
        (e.lot_id, e.tender_id, e.axis.value, e.territory.value, e.domain.value, e.action_type.value,
         e.session_capacity)
        for e in first(events, lambda e: e.lot_id)
    ])


async def on_lot_awarded(conn: asyncpg.Connection, events: Sequence[LotAwarded]) -> None:
    await programme.set_lot_outcomes(conn, [
        (e.lot_id, e.tender_id, "awarded", e.holder_organisation_id) for e in first(events, lambda e: e.lot_id)
    ])


async def on_lot_declared_unsuccessful(conn: asyncpg.Connection, events: Sequence[LotDeclaredUnsuccessful]) -> None:
    await programme.set_lot_outcomes(conn, [
        (e.lot_id, e.tender_id, "unsuccessful", None) for e in first(events, lambda e: e.lot_id)
    ])


async def on_order_placed(conn: asyncpg.Connection, events: Sequence[OrderPlaced]) -> None:
    await programme.insert_orders(conn, [
        (e.order_id, e.lot_id, e.tender_id, e.axis.value, e.territory.value, e.domain.value, e.action_type.value,
         e.holder_organisation_id, e.amount_cents)
        for e in first(events, lambda e: e.order_id)
    ])


async def on_session_scheduled(conn: asyncpg.Connection, events: Sequence[SessionScheduled]) -> None:
    """Scheduled or rescheduled (a `SessionRescheduled` is a `SessionScheduled` of a higher revision)."""
    await programme.upsert_sessions(conn, [
        (e.session_id, e.order_id, e.lot_id, e.tender_id, e.axis.value, e.territory.value, e.domain.value,
         e.action_type.value, e.holder_organisation_id, e.starts_on, e.capacity, e.revision, len(e.planned_days),
         Decimal(e.hours_per_day))
        for e in newest(events, lambda e: e.session_id, lambda e: e.revision)
    ])


async def on_session_cancelled(conn: asyncpg.Connection, events: Sequence[SessionCancelled]) -> None:
    await programme.cancel_sessions(conn, [
        (e.session_id, e.order_id, e.lot_id) for e in first(events, lambda e: e.session_id)
    ])


async def on_jobseeker_count_set(conn: asyncpg.Connection, events: Sequence[JobseekerCountSet]) -> None:
    await programme.upsert_jobseeker_counts(conn, [
        (e.territory.value, e.count, e.revision)
        for e in newest(events, lambda e: e.territory, lambda e: e.revision)
    ])
