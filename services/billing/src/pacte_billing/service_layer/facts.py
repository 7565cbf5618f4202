"""Consumer of the facts billing is fed with: orders, sessions, declarations, stays, outcomes,
milestone achievements. Idempotent by business key and revision, order-independent."""

from __future__ import annotations

from decimal import Decimal

import asyncpg

from pacte_billing.adapters import ledger
from pacte_billing.domain.money import parse_hours
from pacte_billing.service_layer.accrual import refresh_accruals
from pacte_contracts import attendance as att
from pacte_contracts import improvement as imp
from pacte_contracts import procurement as proc
from pacte_platform.consumer import Consumed, Emitter, PoisonMessage


def _hours(text: str) -> Decimal:
    value = parse_hours(text)
    if value is None or value < 0:
        raise PoisonMessage(f"malformed hours {text!r}")
    return value


async def handle_facts(conn: asyncpg.Connection, events: list[Consumed], emit: Emitter) -> None:
    orders: list[ledger.OrderTerms] = []
    links: list[ledger.SessionLink] = []
    cancelled: list[tuple[str, str]] = []
    attendance: list[ledger.HoursFact] = []
    trainer: list[ledger.HoursFact] = []
    open_days: list[ledger.OpenDayFact] = []
    stays: list[ledger.StayFact] = []
    outcomes: list[ledger.OutcomeFact] = []
    milestones: list[ledger.MilestoneFact] = []
    for c in events:
        e, event_id = c.event, c.envelope.event_id
        if isinstance(e, proc.OrderPlaced):
            orders.append(ledger.OrderTerms(
                e.order_id, e.lot_id, e.tender_id, str(e.axis), str(e.billing_unit), e.unit_price_cents,
                e.return_to_work_bonus_cents, e.holder_organisation_id, e.amount_cents))
        elif isinstance(e, proc.SessionScheduled):  # Rescheduled too
            links.append(ledger.SessionLink(e.session_id, e.order_id, e.revision))
        elif isinstance(e, proc.SessionCancelled):
            cancelled.append((e.session_id, e.order_id))
        elif isinstance(e, att.AttendanceRecorded):
            attendance.append(ledger.HoursFact(event_id, e.session_id, e.trainee_key, e.date, e.revision,
                                               _hours(e.hours_present)))
        elif isinstance(e, att.TrainerHoursDeclared):
            trainer.append(ledger.HoursFact(event_id, e.session_id, e.trainer_id, e.date, e.revision,
                                            _hours(e.hours)))
        elif isinstance(e, att.OpenDayDeclared):
            open_days.append(ledger.OpenDayFact(event_id, e.session_id, e.date, e.revision))
        elif isinstance(e, att.TraineeEvent):
            stay = e.stay
            stays.append(ledger.StayFact(event_id, e.session_id, e.trainee_key, e.date, stay.revision,
                                         stay.enrolled_on, stay.status, stay.exited_on))
        elif isinstance(e, att.OutcomeRecorded):
            outcomes.append(ledger.OutcomeFact(event_id, e.session_id, e.trainee_key, e.months_after_exit,
                                               e.observed_on, str(e.status), e.revision))
        elif isinstance(e, imp.MilestoneAchieved):
            # Evaluated achievements also come with MilestonesEvaluated; the milestone id dedupes.
            milestones.append(ledger.MilestoneFact(event_id, e.milestone_id, e.plan_id, e.order_id,
                                                   e.bonus_cents, e.achieved_on))
    touched_orders: set[str] = {o.order_id for o in orders}
    await ledger.record_orders(conn, orders)
    touched_orders.update(await ledger.record_sessions(conn, links))
    await ledger.cancel_sessions(conn, cancelled)
    touched_sessions: set[str] = set()
    touched_sessions |= await ledger.record_attendance(conn, attendance)
    touched_sessions |= await ledger.record_trainer_hours(conn, trainer)
    touched_sessions |= await ledger.record_open_days(conn, open_days)
    touched_sessions |= await ledger.record_stays(conn, stays)
    touched_sessions |= await ledger.record_outcomes(conn, outcomes)
    touched_orders |= await ledger.record_milestones(conn, milestones)
    touched_orders |= await ledger.orders_of_sessions(conn, touched_sessions)
    await refresh_accruals(conn, touched_orders, emit)
