"""A session's days: open days declared and withdrawn, trainer hours (BILLING.md's units)."""

from __future__ import annotations

from decimal import Decimal

from pacte_attendance.domain.checks import admitted, invalid, not_negative, planned
from pacte_attendance.domain.commands import DeclareOpenDay, DeclareTrainerHours, WithdrawOpenDay
from pacte_attendance.domain.facts import AcceptedOpenDay, AcceptedOpenDayWithdrawal, AcceptedTrainerHours
from pacte_attendance.domain.model import TRAINER_DAILY_CAP_HOURS, SessionView
from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Rejection


def decide_open_day(command: DeclareOpenDay, organisation_id: str,
                    session: SessionView | None) -> AcceptedOpenDay | Rejection:
    """A re-sent open day for the same (session, date) is accepted: it replaces the earlier one."""
    open_session = admitted(command.session_id, session, organisation_id)
    if isinstance(open_session, Rejection):
        return open_session
    return planned(open_session, command.date) or AcceptedOpenDay(command.date)


def decide_open_day_withdraw(command: WithdrawOpenDay, organisation_id: str, session: SessionView | None, *,
                             declared_open: bool) -> AcceptedOpenDayWithdrawal | Rejection:
    """Only a day declared open (and not withdrawn since) can be withdrawn; that it is still a
    planned day does not matter: a withdrawal removes a declaration, it declares nothing."""
    open_session = admitted(command.session_id, session, organisation_id)
    if isinstance(open_session, Rejection):
        return open_session
    if not declared_open:
        return invalid(f"{command.date.isoformat()} is not declared open in session {command.session_id!r}")
    return AcceptedOpenDayWithdrawal(command.date)


def decide_trainer_hours(command: DeclareTrainerHours, organisation_id: str, session: SessionView | None,
                         other_hours_same_trainer_day: Decimal) -> AcceptedTrainerHours | Rejection:
    """Trainer hours for one day.

    `other_hours_same_trainer_day` is the sum of this trainer's hours on this date over every
    session of the same organisation, *excluding* the value stored for this exact
    (session, trainer, date) key: a re-send replaces it, so it must not count twice.
    """
    open_session = admitted(command.session_id, session, organisation_id)
    if isinstance(open_session, Rejection):
        return open_session
    refused = not_negative(command.hours, "hours") or planned(open_session, command.date)
    if refused is not None:
        return refused
    total = other_hours_same_trainer_day + command.hours
    if total > TRAINER_DAILY_CAP_HOURS:
        # The whole declaration is refused, never cut down to the cap (BILLING.md).
        return Rejection(RejectionReason.HOURS_OVER_DAILY_CAP,
                         f"trainer {command.trainer_id!r} would have {total} hours on {command.date.isoformat()}"
                         f" (cap {TRAINER_DAILY_CAP_HOURS})")
    return AcceptedTrainerHours(command.trainer_id, command.date, command.hours)
