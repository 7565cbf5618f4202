"""Consumer of the facts billing is fed with: orders, sessions, declarations, stays, outcomes,
milestone achievements. Idempotent by business key and revision, order-independent."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import cast

import asyncpg

from pacte_billing.adapters import ledger
from pacte_billing.domain.money import parse_hours
from pacte_billing.service_layer.accrual import refresh_accruals
from pacte_contracts import attendance as att
from pacte_contracts import improvement as imp
from pacte_contracts import procurement as proc
from pacte_contracts.envelope import Event
from pacte_platform.consumer import Consumed, Emitter, PoisonMessage

#: What the facts consumer acts on; other events of its topics are acknowledged undecoded.
FACT_EVENTS: tuple[type[Event], ...] = (
    proc.OrderPlaced, proc.SessionScheduled, proc.SessionCancelled, att.AttendanceRecorded, att.TrainerHoursDeclared,
    att.OpenDayDeclared, att.TraineeEvent, att.OutcomeRecorded, imp.MilestoneAchieved,
)


@functools.cache
def _kind_of(event_type: type[Event]) -> type[Event] | None:
    """Which of FACT_EVENTS an event type is (or derives from): one dictionary lookup per event
    instead of a chain of isinstance checks, each slow on pydantic's ABC-based model classes."""
    return next((kind for kind in FACT_EVENTS if issubclass(event_type, kind)), None)


@functools.lru_cache(maxsize=4096)
def _hours(text: str) -> Decimal:
    # Declared hours are a handful of distinct strings ("7", "3.5"...): parsing each once per
    # process spares every fact the regex and Decimal work (a tenth of the handler's time).
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
        kind = _kind_of(type(e))
        if kind is att.AttendanceRecorded:
            fact = cast(att.AttendanceRecorded, e)
            attendance.append(ledger.HoursFact(event_id, fact.session_id, fact.trainee_key, fact.date, fact.revision,
                                               _hours(fact.hours_present)))
        elif kind is proc.OrderPlaced:
            order = cast(proc.OrderPlaced, e)
            orders.append(ledger.OrderTerms(
                order.order_id, order.lot_id, order.tender_id, str(order.axis), str(order.billing_unit),
                order.unit_price_cents, order.return_to_work_bonus_cents, order.holder_organisation_id,
                order.amount_cents))
        elif kind is proc.SessionScheduled:  # Rescheduled too
            scheduled = cast(proc.SessionScheduled, e)
            links.append(ledger.SessionLink(scheduled.session_id, scheduled.order_id, scheduled.revision))
        elif kind is proc.SessionCancelled:
            cancel = cast(proc.SessionCancelled, e)
            cancelled.append((cancel.session_id, cancel.order_id))
        elif kind is att.TrainerHoursDeclared:
            declared = cast(att.TrainerHoursDeclared, e)
            trainer.append(ledger.HoursFact(event_id, declared.session_id, declared.trainer_id, declared.date,
                                            declared.revision, _hours(declared.hours)))
        elif kind is att.OpenDayDeclared:
            open_day = cast(att.OpenDayDeclared, e)
            open_days.append(ledger.OpenDayFact(event_id, open_day.session_id, open_day.date, open_day.revision))
        elif kind is att.TraineeEvent:
            trainee = cast(att.TraineeEvent, e)
            stay = trainee.stay
            stays.append(ledger.StayFact(event_id, trainee.session_id, trainee.trainee_key, trainee.date, stay.revision,
                                         stay.enrolled_on, stay.status, stay.exited_on))
        elif kind is att.OutcomeRecorded:
            outcome = cast(att.OutcomeRecorded, e)
            outcomes.append(ledger.OutcomeFact(event_id, outcome.session_id, outcome.trainee_key,
                                               outcome.months_after_exit, outcome.observed_on, str(outcome.status),
                                               outcome.revision))
        elif kind is imp.MilestoneAchieved:
            milestone = cast(imp.MilestoneAchieved, e)
            # Evaluated achievements also come with MilestonesEvaluated; the milestone id dedupes.
            milestones.append(ledger.MilestoneFact(event_id, milestone.milestone_id, milestone.plan_id,
                                                   milestone.order_id, milestone.bonus_cents, milestone.achieved_on))
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
