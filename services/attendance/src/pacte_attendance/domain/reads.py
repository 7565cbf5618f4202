"""What a request's rules read: the keys the service layer locks and loads, for the whole request
at once (one query per table), before the commands are decided in order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from pacte_attendance.domain.commands import (
    CancelEnrolment,
    Declaration,
    DeclareOpenDay,
    DeclareTrainerHours,
    Enrol,
    Malformed,
    RecordAttendance,
    RecordOutcome,
    RecordSatisfaction,
    WithdrawOpenDay,
)
from pacte_attendance.domain.model import SessionView
from pacte_attendance.domain.state import DayKey, StayKey, TrainerDayKey

Trainee = tuple[str, str]  # (session holder, the holder's own trainee id)


def readable(session: SessionView | None, organisation_id: str | None) -> SessionView | None:
    """The session if the caller may read its declarations (the back office reads every one)."""
    if session is None or (organisation_id is not None and organisation_id != session.holder_org_id):
        return None
    return session


@dataclass(frozen=True)
class Subjects:
    """Read before the rows: trainees to resolve to pseudonyms, and what organisation-wide rules span."""

    trainees: set[Trainee] = field(default_factory=set)
    #: Trainees a command may give a first pseudonym to: locked so that two requests cannot both.
    enrolling: set[Trainee] = field(default_factory=set)
    trainer_days: set[TrainerDayKey] = field(default_factory=set)
    #: person_refs enrolled: resolved to the region's person pseudonyms (locked: a first one is made).
    persons: set[str] = field(default_factory=set)


def subjects(commands: Sequence[Declaration | Malformed], sessions: Mapping[str, SessionView],
             organisation_id: str | None) -> Subjects:
    found = Subjects()
    for command in commands:
        if isinstance(command, Malformed | DeclareOpenDay | WithdrawOpenDay):
            continue
        session = readable(sessions.get(command.session_id), organisation_id)
        if session is None:
            continue  # refused at stage 2: nothing of it is read
        if isinstance(command, DeclareTrainerHours):
            found.trainer_days.add((session.holder_org_id, command.trainer_id, command.date))
            continue
        # The back office (outcomes) resolves the holder's trainee ids to the same pseudonyms.
        found.trainees.add((session.holder_org_id, command.trainee_id))
        if isinstance(command, Enrol):
            found.enrolling.add((session.holder_org_id, command.trainee_id))
            if command.profile.person_ref is not None:
                found.persons.add(command.profile.person_ref)
    return found


@dataclass(frozen=True)
class Rows:
    """The rows the commands' rules read, by key."""

    stays: set[StayKey] = field(default_factory=set)
    enrolled: set[str] = field(default_factory=set)  # sessions whose head count a rule reads
    open_days: set[DayKey] = field(default_factory=set)
    trainer_days: set[TrainerDayKey] = field(default_factory=set)
    attendance: set[tuple[str, str, date]] = field(default_factory=set)
    satisfaction: set[StayKey] = field(default_factory=set)
    outcomes: set[tuple[str, str, int]] = field(default_factory=set)
    #: Stays being cancelled: every attendance record, score and outcome of them is withdrawn.
    whole_stays: set[StayKey] = field(default_factory=set)

    @property
    def closings(self) -> bool:
        """A cancellation reads which periods are closed."""
        return bool(self.whole_stays)


def rows(commands: Sequence[Declaration | Malformed], sessions: Mapping[str, SessionView],
         trainee_keys: Mapping[Trainee, str], organisation_id: str | None) -> Rows:
    found = Rows()
    for command in commands:
        if isinstance(command, Malformed) or readable(sessions.get(command.session_id), organisation_id) is None:
            continue
        session = sessions[command.session_id]
        if isinstance(command, DeclareOpenDay | WithdrawOpenDay):
            found.open_days.add((command.session_id, command.date))
            continue
        if isinstance(command, DeclareTrainerHours):
            found.trainer_days.add((session.holder_org_id, command.trainer_id, command.date))
            continue
        if isinstance(command, Enrol | CancelEnrolment):
            found.enrolled.add(command.session_id)
        key = trainee_keys.get((session.holder_org_id, command.trainee_id))
        if key is None:
            continue  # not enrolled yet: nothing stored about it
        stay = (command.session_id, key)
        found.stays.add(stay)
        if isinstance(command, RecordAttendance):
            found.attendance.add((*stay, command.date))
        elif isinstance(command, RecordSatisfaction):
            found.satisfaction.add(stay)
        elif isinstance(command, RecordOutcome):
            found.outcomes.add((*stay, command.months_after_exit))
        elif isinstance(command, CancelEnrolment):
            found.whole_stays.add(stay)
    return found
