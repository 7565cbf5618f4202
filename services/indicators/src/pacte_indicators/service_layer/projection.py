"""Consumer of group ``indicators-facts``: each consumed batch dispatched to the handler of its events'
type (`on_<event>`), in one transaction. Every handler writes its rows in one statement per table,
idempotent by business key and revision, so reordering and duplicates converge."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg

from pacte_contracts import attendance as att
from pacte_contracts import billing as bil
from pacte_contracts import procurement as proc
from pacte_contracts.envelope import Event
from pacte_indicators.adapters import state
from pacte_platform.consumer import Consumed, Emitter

from . import attendance_events, billing_events, procurement_events

Handler = Callable[[asyncpg.Connection, Sequence[Any]], Awaitable[None]]

#: Event class → handler; the first class listed that an event is an instance of wins
#: (`SessionRescheduled` is a `SessionScheduled`, every trainee event a `TraineeEvent`).
HANDLERS: tuple[tuple[type[Event], Handler], ...] = (
    (proc.TenderPublished, procurement_events.on_tender_published),
    (proc.TenderClosed, procurement_events.on_tender_closed),
    (proc.LotDefined, procurement_events.on_lot_defined),
    (proc.LotAwarded, procurement_events.on_lot_awarded),
    (proc.LotDeclaredUnsuccessful, procurement_events.on_lot_declared_unsuccessful),
    (proc.OrderPlaced, procurement_events.on_order_placed),
    (proc.SessionScheduled, procurement_events.on_session_scheduled),
    (proc.SessionCancelled, procurement_events.on_session_cancelled),
    (proc.JobseekerCountSet, procurement_events.on_jobseeker_count_set),
    (att.TraineeEvent, attendance_events.on_trainee_event),
    (att.EnrolmentCancelled, attendance_events.on_enrolment_cancelled),
    (att.OutcomeRecorded, attendance_events.on_outcome_recorded),
    (att.SatisfactionRecorded, attendance_events.on_satisfaction_recorded),
    (bil.InvoiceIssued, billing_events.on_invoice_issued),
    (bil.InvoiceDisputed, billing_events.on_invoice_disputed),
    (bil.InvoicePaid, billing_events.on_invoice_paid),
    (bil.OrderClosed, billing_events.on_order_closed),
    (bil.OrderAccrualChanged, billing_events.on_order_accrual_changed),
)

#: What the facts consumer decodes; the rest of its topics' traffic (open days and their withdrawals,
#: trainer hours, attendance records, approvals, ceiling alerts: most of it) is acknowledged undecoded.
PROJECTED_EVENTS: tuple[type[Event], ...] = tuple(event_type for event_type, _ in HANDLERS)


def _handler_of(event: Event) -> Handler | None:
    return next((handler for event_type, handler in HANDLERS if isinstance(event, event_type)), None)


async def project_facts(conn: asyncpg.Connection, consumed: list[Consumed], _: Emitter) -> None:
    """The whole batch in its one transaction, then the projection's version moves on."""
    grouped: dict[Handler, list[Event]] = defaultdict(list)
    for c in consumed:
        # This consumer decodes no mirrors (ConsumerSpec.mirrored): every event is its contract's model.
        if isinstance(c.event, Event) and (handler := _handler_of(c.event)) is not None:
            grouped[handler].append(c.event)
    if not grouped:
        return
    # Handlers run in a fixed order so that concurrent batches take row locks in the same order.
    for _event_type, handler in HANDLERS:
        batch = grouped.pop(handler, None)
        if batch:
            await handler(conn, batch)
    await state.bump_facts_version(conn)
