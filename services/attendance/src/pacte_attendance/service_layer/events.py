"""Sessions projection from procurement.session.v1.

Delivery order is not guaranteed and events come more than once: of the schedules, the highest
revision wins; a cancellation wins over any revision, even one that arrives after it.
"""

from __future__ import annotations

from decimal import Decimal

import asyncpg

from pacte_attendance.adapters import repository
from pacte_contracts.procurement import SessionCancelled, SessionScheduled
from pacte_platform.consumer import Consumed, Emitter


async def apply_session_events(conn: asyncpg.Connection, events: list[Consumed], _: Emitter) -> None:
    newest: dict[str, SessionScheduled] = {}
    cancelled: dict[str, SessionCancelled] = {}
    for consumed in events:
        event = consumed.event
        if isinstance(event, SessionCancelled):
            cancelled[event.session_id] = event
        elif isinstance(event, SessionScheduled):  # SessionRescheduled included
            known = newest.get(event.session_id)
            if known is None or event.revision > known.revision:
                newest[event.session_id] = event
    # Rows in id order, the order in which requests lock sessions, so the two never deadlock.
    await repository.upsert_scheduled(conn, [
        (e.session_id, e.order_id, e.lot_id, e.holder_organisation_id, e.starts_on, e.ends_on,
         sorted(set(e.planned_days)), Decimal(e.hours_per_day), e.capacity, e.revision)
        for _, e in sorted(newest.items())
    ])
    await repository.mark_cancelled(conn, [(e.session_id, e.order_id, e.lot_id) for _, e in sorted(cancelled.items())])
