"""Events of the attendance service: what happens in sessions. Keyed by session.

Trainees appear only as keyed pseudonyms (`trainee_key`). Every declaration carries a
`revision` that grows per business key, and trainee events carry the whole stay as it is after
the fact, so consumers converge to the same state whatever the delivery order or duplicates.
"""

from __future__ import annotations

import datetime
from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from pacte_contracts import topics
from pacte_contracts.codes import (
    Absence,
    AgeBand,
    Certification,
    DropoutReason,
    OutcomeStatus,
    PriorityPublic,
    Qualification,
    WarningReason,
)
from pacte_contracts.envelope import Event, register


class TraineeProfile(BaseModel):
    """The coarse profile DOMAIN.md allows; nothing that identifies a person."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    age_band: AgeBand | None = None
    qualification: Qualification | None = None
    jobseeker_registered: bool = False
    priority_publics: list[PriorityPublic] = []


class Stay(BaseModel):
    """A trainee's path in one session, as it is after the event that carries it."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    revision: int
    enrolled_on: date
    status: Literal["enrolled", "suspended", "completed", "dropped_out"]
    profile: TraineeProfile
    exited_on: date | None = None
    certification: Certification | None = None
    dropout_reason: DropoutReason | None = None
    #: The region's person pseudonym (`p_...`), beside the organisation's `trainee_key`: the same job
    #: seeker in any organisation's sessions, when the enrolment gave a `person_ref`; None otherwise.
    #: A random value, so once `pacte persons forget` deleted the mapping it leads back to no one.
    person_key: str | None = None


class SessionEvent(Event):
    TOPIC: ClassVar[str] = topics.ATTENDANCE_SESSION
    KEY_FIELD: ClassVar[str] = "session_id"
    session_id: str
    organisation_id: str


@register
class OpenDayDeclared(SessionEvent):
    date: date
    revision: int


@register
class OpenDayWithdrawn(SessionEvent):
    """An open day declared by mistake is withdrawn (`session.open_day_withdraw`): a new revision of
    the `(session, date)` key saying "not open". Declaring the day open again is a later revision."""

    date: date
    revision: int


@register
class TrainerHoursDeclared(SessionEvent):
    trainer_id: str
    date: date
    hours: str
    revision: int


class TraineeEvent(SessionEvent):
    trainee_key: str
    date: date
    stay: Stay


@register
class TraineeEnrolled(TraineeEvent):
    pass


@register
class TraineeSuspended(TraineeEvent):
    #: 1 for the first suspension of this stay, 2 for the next...
    suspension_number: int


@register
class TraineeResumed(TraineeEvent):
    pass


@register
class TraineeDroppedOut(TraineeEvent):
    reason: DropoutReason


@register
class TraineeCompleted(TraineeEvent):
    certification: Certification


class WithdrawnDeclaration(BaseModel):
    """One declaration of a cancelled stay, withdrawn as a new revision of its own key (a tombstone)."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    kind: Literal["attendance", "satisfaction", "outcome"]
    #: The attendance record's date (attendance only).
    date: datetime.date | None = None
    #: 6 or 12 (outcome only).
    months_after_exit: int | None = None
    revision: int


@register
class EnrolmentCancelled(SessionEvent):
    """An enrolment made by mistake is cancelled (`trainee.enrol_cancel`): the stay never existed
    for billing, indicators, capacity and opening-day activity (DOMAIN.md).

    `stay_revision` is the stay's revision after the cancellation: stay events of a lower revision
    (the enrolment, its suspensions) are older and dead; a later enrolment of the same trainee has a
    higher one. Each declaration of the stay comes back in `withdrawn` with the revision that
    withdraws it, so consumers keeping the highest revision per key converge whatever the order.
    """

    trainee_key: str
    enrolled_on: date
    stay_revision: int
    withdrawn: list[WithdrawnDeclaration] = Field(default_factory=list)


@register
class AttendanceRecorded(SessionEvent):
    trainee_key: str
    date: date
    hours_present: str
    absence: Absence | None = None
    revision: int


@register
class SatisfactionRecorded(SessionEvent):
    trainee_key: str
    date: date
    score: int
    revision: int


@register
class OutcomeRecorded(SessionEvent):
    trainee_key: str
    months_after_exit: int
    observed_on: date
    status: OutcomeStatus
    revision: int


class DropoutWarningEvent(Event):
    """An early dropout warning's life (issue 22), on its own topic, keyed by session so that a stay's
    warnings (and their raise, clear and close) stay in order.

    No trainee in it, not even a pseudonym (docs/privacy.md, "Early dropout warnings"): `warning_id` is
    random, and the organisation learns whose warning it is from `GET /v1/warnings` with its own key.
    The buyer's side sees lots, sessions and counts, never who."""

    TOPIC: ClassVar[str] = topics.ATTENDANCE_WARNING
    KEY_FIELD: ClassVar[str] = "session_id"
    warning_id: str
    organisation_id: str
    session_id: str
    lot_id: str
    reasons: list[WarningReason]
    #: The trainee's newest recorded day when the warning was raised.
    raised_on: date


@register
class DropoutWarningRaised(DropoutWarningEvent):
    pass


@register
class DropoutWarningCleared(DropoutWarningEvent):
    """Attendance recovered: the rule no longer holds over the last planned days."""

    cleared_on: date


@register
class DropoutWarningClosed(DropoutWarningEvent):
    """The trainee left the session while warned: `outcome` is how (the warning's precision)."""

    closed_on: date
    outcome: Literal["completed", "dropped_out"]


@register
class DropoutWarningWithdrawn(DropoutWarningEvent):
    """The enrolment was cancelled as a mistake: the stay never existed, nor did its warning."""


@register
class OrganisationKeyIssued(Event):
    """A key's hash, announced to the services that face organisations. `signature` is attendance's
    Ed25519 signature of `signed_content()` (base64url): consumers refuse an event without a valid one,
    so that whoever can write to the topic still cannot mint credentials (docs/security.md)."""

    TOPIC: ClassVar[str] = topics.ATTENDANCE_CREDENTIAL
    KEY_FIELD: ClassVar[str] = "organisation_id"
    organisation_id: str
    key_id: str
    key_sha256: str
    signature: str | None = None

    def signed_content(self) -> bytes:
        return f"OrganisationKeyIssued\x1f{self.organisation_id}\x1f{self.key_id}\x1f{self.key_sha256}".encode()


@register
class OrganisationKeyRevoked(Event):
    """Signed like `OrganisationKeyIssued`: a forged revocation would lock an organisation out."""

    TOPIC: ClassVar[str] = topics.ATTENDANCE_CREDENTIAL
    KEY_FIELD: ClassVar[str] = "organisation_id"
    organisation_id: str
    key_id: str
    signature: str | None = None

    def signed_content(self) -> bytes:
        return f"OrganisationKeyRevoked\x1f{self.organisation_id}\x1f{self.key_id}".encode()
