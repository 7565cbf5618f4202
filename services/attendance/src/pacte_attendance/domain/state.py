"""The declarations a request reads and changes, as plain values (loaded by the service layer).

Every declaration is the current version of a business key (BILLING.md: re-sending a key replaces
the earlier value): its value is the accepted fact, with a revision that grows per key. A
withdrawn declaration (an open day withdrawn, the records of a cancelled enrolment) stays as a
tombstone: `value` None, its revision kept, so that declaring the key again gets a higher revision
and consumers that keep the highest revision per key converge whatever the delivery order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pacte_attendance.domain.answers import Declared
from pacte_attendance.domain.facts import AcceptedAttendance, AcceptedOutcome, AcceptedSatisfaction
from pacte_attendance.domain.model import Profile, SessionView, TraineeStatus, TraineeStay
from pacte_contracts import attendance as contract
from pacte_contracts.codes import Certification, DropoutReason

V = TypeVar("V")
StayKey = tuple[str, str]  # (session, trainee pseudonym)
DayKey = tuple[str, date]  # (session, day)
TrainerDayKey = tuple[str, str, date]  # (organisation, trainer, day): the daily cap spans sessions


@dataclass(frozen=True)
class Revised(Generic[V]):
    """The current version of one business key; `value` None: withdrawn (a tombstone)."""

    value: V | None
    revision: int

    @property
    def live(self) -> bool:
        return self.value is not None


def revise(previous: Revised[V] | None, value: V | None) -> Revised[V]:
    return Revised(value, (previous.revision if previous is not None else 0) + 1)


def live(row: Revised[Any] | None) -> bool:
    return row is not None and row.live


@dataclass(frozen=True, slots=True)
class StayRecord:
    """A stay as stored: the domain's view, what the `Stay` snapshot carries, and its revision.

    A cancelled enrolment keeps its row as a tombstone (`cancelled`, no profile): it counts for
    nothing, and a later enrolment of the trainee is a new stay with a higher revision.
    """

    enrolled_on: date
    status: TraineeStatus | Literal["cancelled"]
    profile: Profile | None
    revision: int
    exited_on: date | None = None
    suspended_on: date | None = None
    suspensions: int = 0
    certification: Certification | None = None
    dropout_reason: DropoutReason | None = None
    #: The region's person pseudonym, when the enrolment's profile had a person_ref.
    person_key: str | None = None

    def view(self) -> TraineeStay | None:
        if self.status == "cancelled":
            return None
        return TraineeStay(self.enrolled_on, self.status, self.exited_on, self.suspended_on)

    def moved(self, stay: TraineeStay, **changes: Any) -> StayRecord:
        return replace(self, enrolled_on=stay.enrolled_on, status=stay.status, exited_on=stay.exited_on,
                       suspended_on=stay.suspended_on, revision=self.revision + 1, **changes)

    def cancelled(self) -> StayRecord:
        return StayRecord(self.enrolled_on, "cancelled", None, self.revision + 1)

    def snapshot(self) -> contract.Stay:
        assert self.status != "cancelled" and self.profile is not None
        return contract.Stay(
            revision=self.revision, enrolled_on=self.enrolled_on, status=self.status,
            profile=contract.TraineeProfile(
                age_band=self.profile.age_band, qualification=self.profile.qualification,
                jobseeker_registered=self.profile.jobseeker_registered,
                priority_publics=sorted(self.profile.priority_publics)),
            exited_on=self.exited_on, certification=self.certification, dropout_reason=self.dropout_reason,
            person_key=self.person_key)


@dataclass(frozen=True, slots=True)
class SuspensionChange:
    stay: StayKey
    number: int
    day: date
    attestation_ref: str | None
    reason: str | None = None  # a start's reason (free text, never published)


@dataclass
class Changes:
    """What a request changed, by key (the values are the state's), for one write per table."""

    pseudonyms: dict[tuple[str, str], str] = field(default_factory=dict)  # (holder, trainee id) → pseudonym
    persons: dict[str, str] = field(default_factory=dict)  # person_ref → the region's new person pseudonym
    stays: set[StayKey] = field(default_factory=set)
    open_days: set[DayKey] = field(default_factory=set)
    trainer_hours: set[tuple[TrainerDayKey, str]] = field(default_factory=set)
    attendance: set[tuple[StayKey, date]] = field(default_factory=set)
    satisfaction: set[StayKey] = field(default_factory=set)
    outcomes: set[tuple[StayKey, int]] = field(default_factory=set)
    #: Stays whose suspensions are removed (cancelled), before the new ones are written.
    cleared_suspensions: set[StayKey] = field(default_factory=set)
    started_suspensions: list[SuspensionChange] = field(default_factory=list)
    ended_suspensions: list[SuspensionChange] = field(default_factory=list)
    events: list[contract.SessionEvent] = field(default_factory=list)


@dataclass
class State:
    """Everything the rules read for one request, updated as its commands are accepted."""

    sessions: dict[str, SessionView] = field(default_factory=dict)
    trainee_keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (holder, trainee id) → pseudonym
    person_keys: dict[str, str] = field(default_factory=dict)  # person_ref → the region's person pseudonym
    stays: dict[StayKey, StayRecord] = field(default_factory=dict)
    enrolled: dict[str, int] = field(default_factory=dict)  # session → stays that count for capacity
    open_days: dict[DayKey, Revised[bool]] = field(default_factory=dict)
    trainer_days: dict[TrainerDayKey, dict[str, Revised[Decimal]]] = field(default_factory=dict)
    attendance: dict[StayKey, dict[date, Revised[AcceptedAttendance]]] = field(default_factory=dict)
    satisfaction: dict[StayKey, Revised[AcceptedSatisfaction]] = field(default_factory=dict)
    outcomes: dict[StayKey, dict[int, Revised[AcceptedOutcome]]] = field(default_factory=dict)
    #: The latest period whose closing has started (billing.period.v1), if any.
    closed_through: str | None = None
    changes: Changes = field(default_factory=Changes)
    new_pseudonym: Callable[[], str] = field(default=lambda: "", repr=False)
    new_person_pseudonym: Callable[[], str] = field(default=lambda: "", repr=False)

    def pseudonym_for(self, holder: str, trainee_id: str) -> str:
        """The trainee's pseudonym, a new one at its first enrolment."""
        key = self.trainee_keys.get((holder, trainee_id))
        if key is None:
            key = self.trainee_keys[(holder, trainee_id)] = self.changes.pseudonyms[(holder, trainee_id)] = (
                self.new_pseudonym())
        return key

    def person_for(self, person_ref: str | None) -> str | None:
        """The region's pseudonym of a person_ref (a new one the first time), None without one."""
        if person_ref is None:
            return None
        key = self.person_keys.get(person_ref)
        if key is None:
            key = self.person_keys[person_ref] = self.changes.persons[person_ref] = self.new_person_pseudonym()
        return key

    def stay_of(self, session_id: str, trainee_id: str) -> tuple[SessionView | None, str | None, StayRecord | None]:
        """The session, the trainee's pseudonym (None before its first enrolment) and its stay.

        Only trainees of sessions the caller may read were resolved (docs/architecture.md), so a
        foreign caller learns nothing: its command is refused before any trainee rule.
        """
        session = self.sessions.get(session_id)
        key = None if session is None else self.trainee_keys.get((session.holder_org_id, trainee_id))
        return session, key, None if key is None else self.stays.get((session_id, key))

    def put_stay(self, key: StayKey, record: StayRecord) -> None:
        self.stays[key] = record
        self.changes.stays.add(key)

    def accept(self, name: str, event: contract.SessionEvent, replaced: bool = False,
               extra: Mapping[str, Any] | None = None) -> Declared:
        self.changes.events.append(event)
        return Declared(name, event, replaced, extra=extra)
