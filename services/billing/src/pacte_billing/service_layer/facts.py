"""Consumer of the facts billing is fed with: orders, sessions, declarations and their withdrawals,
stays and cancelled enrolments, outcomes, milestone achievements. Idempotent by business key and
revision, whatever the delivery order."""

from __future__ import annotations

import asyncpg

from pacte_billing.adapters import declarations, hours, ledger
from pacte_billing.adapters.orders import record_orders
from pacte_platform.consumer import Consumed, Emitter

from .accrual import refresh_accruals
from .fact_batch import FACT_EVENTS, MIRRORED_FACTS, FactBatch

__all__ = ["FACT_EVENTS", "MIRRORED_FACTS", "on_billable_facts"]


async def on_billable_facts(conn: asyncpg.Connection, events: list[Consumed], emit: Emitter) -> None:
    batch = FactBatch.of(events)
    touched_orders: set[str] = {o.order_id for o in batch.orders}
    await record_orders(conn, batch.orders)
    touched_orders.update(await ledger.record_sessions(conn, batch.links))
    await ledger.cancel_sessions(conn, batch.cancelled)
    touched_sessions: set[str] = set()
    touched_sessions |= await hours.record_attendance(conn, batch.attendance)
    touched_sessions |= await hours.record_trainer_hours(conn, batch.trainer)
    touched_sessions |= await declarations.record_open_days(conn, batch.open_days)
    stay_sessions, persons = await declarations.record_stays(conn, batch.stays)
    touched_sessions |= stay_sessions
    touched_sessions |= await declarations.record_outcomes(conn, batch.outcomes)
    touched_orders |= await declarations.record_milestones(conn, batch.milestones)
    await ledger.hold_cross_references(conn, links_people=bool(batch.orders or batch.links or batch.cancelled
                                                               or batch.stays))
    touched_orders |= await ledger.orders_of_sessions(conn, touched_sessions)
    touched_orders |= await ledger.pathway_partners(conn, [link.session_id for link in batch.links],
                                                    [o.order_id for o in batch.orders], persons)
    await refresh_accruals(conn, touched_orders, emit)
