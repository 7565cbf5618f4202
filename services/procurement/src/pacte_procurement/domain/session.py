"""``session.schedule``, ``session.cancel`` and rescheduling before the start."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Rejection

from .commands import RescheduleSession, ScheduleSession
from .model import Lot, Order, OrderStatus, Session

MAX_HOURS_PER_DAY = Decimal(24)


def _invalid(detail: str) -> Rejection:
    return Rejection(RejectionReason.INVALID, detail)


def _schedule_problem(
    starts_on: date,
    ends_on: date,
    planned_days: Sequence[date],
    hours_per_day: Decimal,
    capacity: int,
    lot: Lot,
) -> str | None:
    if starts_on > ends_on:
        return "starts_on is after ends_on"
    if not planned_days:
        return "planned_days is empty"
    if len(set(planned_days)) != len(planned_days):
        return "planned_days holds a date twice"
    if any(not starts_on <= d <= ends_on for d in planned_days):
        return "a planned day is outside starts_on..ends_on"
    if not Decimal(0) < hours_per_day <= MAX_HOURS_PER_DAY:
        return "hours_per_day must be above 0 and at most 24"
    if capacity <= 0:
        return "capacity must be positive"
    if capacity > lot.session_capacity:
        return f"capacity {capacity} is above the lot's session capacity {lot.session_capacity}"
    return None


def decide_schedule_session(
    draft: ScheduleSession,
    *,
    session_exists: bool,
    order: Order | None,
    lot: Lot | None,
) -> Session | Rejection:
    """``order`` is ``draft.order_id``'s order (None: unknown), ``lot`` that order's lot."""
    if session_exists:
        return _invalid(f"session {draft.session_id!r} already exists")
    if order is None:
        return _invalid(f"unknown order {draft.order_id!r}")
    if order.status is not OrderStatus.PLACED:
        return _invalid(f"order {order.order_id!r} is {order.status.value}")
    if lot is None or lot.lot_id != order.lot_id:
        return _invalid(f"unknown lot {order.lot_id!r}")
    problem = _schedule_problem(
        draft.starts_on, draft.ends_on, draft.planned_days, draft.hours_per_day, draft.capacity, lot
    )
    if problem is not None:
        return _invalid(problem)
    return Session(
        session_id=draft.session_id,
        order_id=order.order_id,
        lot_id=lot.lot_id,
        holder_id=order.holder_id,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        planned_days=tuple(sorted(draft.planned_days)),
        hours_per_day=draft.hours_per_day,
        capacity=draft.capacity,
        place=draft.place,
    )


def decide_cancel_session(session: Session | None, has_enrolments: bool) -> Session | Rejection:
    if session is None:
        return Rejection(RejectionReason.UNKNOWN_SESSION, "unknown session")
    if session.cancelled:
        return _invalid(f"session {session.session_id!r} is already cancelled")
    if has_enrolments:
        return _invalid(f"session {session.session_id!r} has enrolments")
    return replace(session, cancelled=True)


def decide_reschedule(
    session: Session | None,
    draft: RescheduleSession,
    *,
    today: date,
    lot: Lot,
    enrolled_count: int = 0,
) -> Session | Rejection:
    """New dates (and optionally hours, capacity, place) for a session that has not started yet."""
    if session is None:
        return Rejection(RejectionReason.UNKNOWN_SESSION, "unknown session")
    if session.cancelled:
        return _invalid(f"session {session.session_id!r} is cancelled")
    if today >= session.starts_on:
        return _invalid(f"session {session.session_id!r} has already started")
    if draft.starts_on <= today:
        return _invalid("a session can only be moved to a later date than today")
    hours = session.hours_per_day if draft.hours_per_day is None else draft.hours_per_day
    capacity = session.capacity if draft.capacity is None else draft.capacity
    problem = _schedule_problem(draft.starts_on, draft.ends_on, draft.planned_days, hours, capacity, lot)
    if problem is not None:
        return _invalid(problem)
    if capacity < enrolled_count:
        return _invalid(f"capacity {capacity} is below the {enrolled_count} trainees enrolled")
    return replace(
        session,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        planned_days=tuple(sorted(draft.planned_days)),
        hours_per_day=hours,
        capacity=capacity,
        place=session.place if draft.place is None else draft.place,
    )
