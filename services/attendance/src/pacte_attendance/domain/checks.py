"""The checks deciders share, in SCENARIO.md's refusal order (stage 1 is the command model's).

2. `admitted` (unknown session, then the caller, then the cancellation) and `enrolled`;
3. `invalid`: `code`, `not_negative`, `not_before_enrolment`;
4. `planned`, then `not_exited` (`trainee_not_active`).

A gate returns what it let through (narrowed) or the rejection. Details never quote a trainee id:
they are stored under the Idempotency-Key and may be logged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from pacte_attendance.domain.model import SessionView, TraineeStay
from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Rejection

E = TypeVar("E", bound=StrEnum)


def admitted(session_id: str, session: SessionView | None, organisation_id: str | None, *,
             organisation_command: bool = True) -> SessionView | Rejection:
    """The session if the caller may declare in it now.

    `organisation_id` is None for the back office, which is neither a holder nor bound by the
    organisation-side cancellation rule (`organisation_command=False`).
    """
    if session is None:
        return Rejection(RejectionReason.UNKNOWN_SESSION, f"no session {session_id!r}")
    if organisation_id is not None and organisation_id != session.holder_org_id:
        # Only the lot holder (the grouping's lead member) declares for the grouping.
        return Rejection(RejectionReason.FORBIDDEN, f"session {session_id!r} is not declared by {organisation_id!r}")
    if organisation_command and session.cancelled:
        return Rejection(RejectionReason.SESSION_CANCELLED, f"session {session_id!r} is cancelled")
    return session


def enrolled(session: SessionView, stay: TraineeStay | None) -> TraineeStay | Rejection:
    if stay is None:
        return Rejection(RejectionReason.TRAINEE_NOT_ENROLLED,
                         f"the trainee is not enrolled in session {session.session_id!r}")
    return stay


def invalid(detail: str) -> Rejection:
    return Rejection(RejectionReason.INVALID, detail)


def code(enum: type[E], raw: str, what: str) -> E | Rejection:
    try:
        return enum(raw)
    except ValueError:
        return invalid(f"unknown {what} {raw!r}; expected one of {', '.join(enum)}")


def not_negative(value: Decimal, what: str) -> Rejection | None:
    return invalid(f"{what} must not be negative") if value < 0 else None


def not_before_enrolment(stay: TraineeStay, day: date, what: str) -> Rejection | None:
    if day < stay.enrolled_on:
        return invalid(f"{what} on {day.isoformat()} precedes the enrolment on {stay.enrolled_on.isoformat()}")
    return None


def planned(session: SessionView, day: date) -> Rejection | None:
    if day not in session.planned_days:
        return Rejection(RejectionReason.DAY_NOT_PLANNED,
                         f"{day.isoformat()} is not a planned day of session {session.session_id!r}")
    return None


def not_exited(stay: TraineeStay) -> Rejection | None:
    # BILLING.md: an exit is final; nothing may change the stay afterwards.
    if stay.has_exited:
        return Rejection(RejectionReason.TRAINEE_NOT_ACTIVE,
                         f"the trainee has already left the session ({stay.status})")
    return None
