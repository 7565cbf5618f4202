"""What attendance keeps of other services' events: sessions (procurement.session.v1), the
registered organisations (procurement.organisation.v1) and the periods whose closing has started
(billing.period.v1).

Delivery order is not guaranteed and events come more than once: of the schedules, the highest
revision wins; a cancellation wins over any revision, even one that arrives after it; a closing
recorded once stays recorded.
"""

from __future__ import annotations

from decimal import Decimal

import asyncpg

from pacte_attendance.adapters import periods, registry, sessions
from pacte_contracts.billing import PeriodClosed, PeriodClosingStarted
from pacte_contracts.procurement import OrganisationRegistered, SessionCancelled, SessionScheduled
from pacte_contracts.topics import ATTENDANCE_SESSION
from pacte_platform import cuts
from pacte_platform.consumer import Consumed, Emitter

SERVICE = "attendance"


async def on_organisation_registered(conn: asyncpg.Connection, events: list[Consumed], _: Emitter) -> None:
    """Keys are issued only to the organisations procurement registered (an update changes nothing here)."""
    await registry.register(conn, {c.event.organisation_id for c in events
                                   if isinstance(c.event, OrganisationRegistered)})


async def on_session_events(conn: asyncpg.Connection, events: list[Consumed], _: Emitter) -> None:
    """`SessionScheduled` (and rescheduled) and `SessionCancelled`."""
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
    await sessions.upsert_scheduled(conn, [
        (e.session_id, e.order_id, e.lot_id, e.holder_organisation_id, e.starts_on, e.ends_on,
         sorted(set(e.planned_days)), Decimal(e.hours_per_day), e.capacity, e.revision)
        for _, e in sorted(newest.items())
    ])
    await sessions.mark_cancelled(conn, [(e.session_id, e.order_id, e.lot_id) for _, e in sorted(cancelled.items())])


async def on_period_closing_started(conn: asyncpg.Connection, events: list[Consumed], emit: Emitter) -> None:
    """From a closing request on, enrolments of the period (and before) can no longer be cancelled:
    the closing judges milestones on them (docs/decisions.md). In the same transaction, the closing's
    cut is announced on attendance's topic: a cancellation acknowledged before is behind the marker,
    one after is refused. `PeriodClosed` implies the request (and covers a closing whose start was
    never delivered to this consumer's group)."""
    await periods.record_closings(conn, [c.event.period for c in events
                                         if isinstance(c.event, PeriodClosingStarted | PeriodClosed)])
    await _announce_cuts(conn, events, emit)


_announce_cuts = cuts.announcing_closings(SERVICE, [ATTENDANCE_SESSION])
