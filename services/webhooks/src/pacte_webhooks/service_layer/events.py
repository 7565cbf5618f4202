"""The webhooks consumer: events become notifications for their organisation, fanned out into
deliveries, in the batch's transaction. Nothing here waits for a receiver: the delivery worker sends
them later, so a slow or dead receiver never holds a batch, a partition or another service."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from pacte_contracts.attendance import (
    DropoutWarningCleared,
    DropoutWarningClosed,
    DropoutWarningRaised,
    DropoutWarningWithdrawn,
)
from pacte_contracts.billing import InvoiceIssued, OrderClosed
from pacte_contracts.envelope import Event
from pacte_contracts.improvement import MilestoneAchieved, MilestoneMissed, PlanCreated
from pacte_contracts.procurement import OrderPlaced
from pacte_platform.consumer import Consumed, Emitter
from pacte_webhooks.adapters import notifications as store
from pacte_webhooks.domain.notifications import NOTIFIERS, notifications_of

#: Events that say whose a notification is (holders), and those that give rise to notifications.
HOLDER_EVENTS: tuple[type[Event], ...] = (OrderPlaced, PlanCreated)
CONSUMED_EVENTS: tuple[type[Event], ...] = (*HOLDER_EVENTS, *NOTIFIERS)
assert set(NOTIFIERS) == {InvoiceIssued, OrderClosed, MilestoneAchieved, MilestoneMissed, DropoutWarningRaised,
                          DropoutWarningCleared, DropoutWarningClosed, DropoutWarningWithdrawn}


async def on_events(conn: asyncpg.Connection, events: Sequence[Consumed], _: Emitter | None = None) -> None:
    orders = [(c.event.order_id, c.event.holder_organisation_id) for c in events if isinstance(c.event, OrderPlaced)]
    plans = [(c.event.plan_id, c.event.organisation_id) for c in events if isinstance(c.event, PlanCreated)]
    await store.record_holders(conn, "order_holders", "order_id", orders)
    await store.record_holders(conn, "plan_holders", "plan_id", plans)
    # This consumer decodes no mirrors (ConsumerSpec.mirrored): every event is its contract's model.
    new = [n for c in events if isinstance(c.event, Event)
           for n in notifications_of(c.envelope.event_id, c.envelope.occurred_at, c.event)]
    await store.insert(conn, new)
    if orders or plans:
        await store.resolve_waiting(conn)
    subjects = [("order", order_id) for order_id, _ in orders] + [("plan", plan_id) for plan_id, _ in plans]
    waited = await store.resolved_since_waiting(conn, subjects)
    await store.fan_out(conn, [n.notification_id for n in new] + waited)
