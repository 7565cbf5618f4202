"""The declarations engine: a request's commands decided in order against the state loaded for
them. One record over HTTP, a batch of thousands and an attendance sheet all go through it, so a
later command sees an earlier one (an enrolment before its attendance) and every path shares every
rule. Pure: the service layer loads the `State` (`reads.py` says what), hands the commands in and
writes `state.changes`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pacte_attendance.domain import declare_days, declare_records, declare_stays
from pacte_attendance.domain.answers import Declared, refused
from pacte_attendance.domain.commands import (
    CancelEnrolment,
    Complete,
    Declaration,
    DeclareOpenDay,
    DeclareTrainerHours,
    Dropout,
    Enrol,
    Malformed,
    RecordAttendance,
    RecordOutcome,
    RecordSatisfaction,
    Resume,
    Suspend,
    WithdrawOpenDay,
)
from pacte_attendance.domain.state import State
from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Rejection

#: The organisation's commands, each with what decides it against the state.
ORGANISATION_DECIDERS: dict[type[Declaration], Callable[[State, str, Any], Declared]] = {
    DeclareOpenDay: declare_days.open_day,
    WithdrawOpenDay: declare_days.withdraw_open_day,
    DeclareTrainerHours: declare_days.trainer_hours,
    Enrol: declare_stays.enrol,
    CancelEnrolment: declare_stays.cancel_enrolment,
    RecordAttendance: declare_records.attendance,
    Suspend: declare_stays.suspend,
    Resume: declare_stays.resume,
    Dropout: declare_stays.dropout,
    Complete: declare_stays.complete,
    RecordSatisfaction: declare_records.satisfaction,
}


class Declarations:
    """Decides commands one after the other; each accepted one updates the state it read."""

    def __init__(self, state: State) -> None:
        self.state = state

    def decide(self, organisation_id: str | None, command: Declaration | Malformed) -> Declared:
        """`organisation_id` is the caller's, from its credentials; None for the back office."""
        if isinstance(command, Malformed):
            return refused(command.name, command.rejection)
        if isinstance(command, RecordOutcome):
            return declare_records.outcome(self.state, organisation_id, command)
        if organisation_id is None:
            return refused(command.NAME, Rejection(RejectionReason.FORBIDDEN,
                                                   "an organisation's declaration needs its API key"))
        return ORGANISATION_DECIDERS[type(command)](self.state, organisation_id, command)

    def decide_all(self, organisation_id: str | None, commands: Iterable[Declaration | Malformed]) -> list[Declared]:
        return [self.decide(organisation_id, command) for command in commands]
