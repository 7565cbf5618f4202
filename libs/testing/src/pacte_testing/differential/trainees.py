"""A trainee's path through one session, as attendance publishes it: the stay events (each carrying
the whole stay after it), then attendance, outcomes and satisfaction, each key re-sent with higher
revisions. With corrections, an enrolment may first be made by mistake and cancelled (with its
suspensions, attendance records of 0 hours and satisfaction score), then possibly made again: every
key's revisions go on above the cancellation's, as attendance numbers them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from pacte_contracts import attendance as att
from pacte_contracts.envelope import Event

from .pools import (
    ANSWER_SENDS,
    CERTIFICATION,
    EARLY,
    EXIT,
    FEW,
    FIRST_DAY,
    FLAG,
    HOUR_SENDS,
    IN_SESSION,
    MONTHS,
    OUTCOME_SENDS,
    PERSON,
    PROFILE,
    REASON,
    SOME_DAYS,
    SOON,
    ZERO_HOUR_SENDS,
    after,
)


@dataclass
class TraineeStay:
    """What attendance knows of one (session, trainee): each event carries the whole stay after it."""

    session_id: str
    organisation_id: str
    trainee_key: str
    start: date  # the session's
    fields: dict[str, Any] = field(default_factory=dict)
    revision: int = 0
    suspensions: int = 0
    last_day: date = FIRST_DAY
    #: The last revision of each declaration key: ("attendance", date), ("satisfaction",), ("outcome", months).
    declared: dict[tuple[Any, ...], int] = field(default_factory=lambda: defaultdict(int))

    @property
    def common(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "organisation_id": self.organisation_id,
                "trainee_key": self.trainee_key}

    def event(self, kind: type[att.TraineeEvent], day: date, **extra: Any) -> att.TraineeEvent:
        self.revision += 1
        self.last_day = max(self.last_day, day)
        stay = att.Stay.model_validate({**self.fields, "revision": self.revision})
        return kind(**self.common, date=day, stay=stay, **extra)

    def declare(self, *key: Any) -> int:
        self.declared[key] += 1
        return self.declared[key]

    def cancel(self) -> att.EnrolmentCancelled:
        """The enrolment never existed: its stay and every declaration of it get a withdrawing revision."""
        self.revision += 1
        withdrawn = [att.WithdrawnDeclaration(kind="attendance", date=key[1], revision=self.declare(*key))
                     for key in list(self.declared) if key[0] == "attendance"]
        withdrawn += [att.WithdrawnDeclaration(kind="satisfaction", revision=self.declare("satisfaction"))
                      for key in list(self.declared) if key[0] == "satisfaction"]
        event = att.EnrolmentCancelled(**self.common, enrolled_on=self.fields["enrolled_on"],
                                       stay_revision=self.revision, withdrawn=withdrawn)
        self.fields, self.suspensions = {}, 0
        return event


def _enrolment(draw: st.DrawFn, stay: TraineeStay) -> list[Event]:
    """An enrolment (maybe re-sent, replacing date and profile), suspensions and resumptions."""
    enrolled = after(draw, stay.start, EARLY)
    stay.fields = {"enrolled_on": enrolled, "status": "enrolled", "profile": draw(PROFILE), "person_key": draw(PERSON)}
    events: list[Event] = [stay.event(att.TraineeEnrolled, max(enrolled, stay.last_day))]
    if draw(FLAG):
        again = after(draw, stay.start, EARLY)
        stay.fields = {**stay.fields, "enrolled_on": again, "profile": draw(PROFILE)}
        events.append(stay.event(att.TraineeEnrolled, max(again, stay.last_day)))
    for _ in range(draw(FEW)):
        stay.suspensions += 1
        stay.fields = {**stay.fields, "status": "suspended"}
        events.append(stay.event(att.TraineeSuspended, after(draw, stay.last_day, SOON),
                                 suspension_number=stay.suspensions))
        if draw(FLAG):
            stay.fields = {**stay.fields, "status": "enrolled"}
            events.append(stay.event(att.TraineeResumed, after(draw, stay.last_day, SOON)))
    return events


def cancelled_enrolment(draw: st.DrawFn, stay: TraineeStay) -> list[Event]:
    """An enrolment made by mistake: no hours attended (records of 0 hours), no exit; maybe a score."""
    events = _enrolment(draw, stay)
    for offset in draw(SOME_DAYS):
        day = stay.start + timedelta(days=offset)
        events += [att.AttendanceRecorded(**stay.common, date=day, hours_present=hours,
                                          revision=stay.declare("attendance", day))
                   for hours in draw(ZERO_HOUR_SENDS)]
    if draw(FLAG):
        events += [att.SatisfactionRecorded(**stay.common, date=stay.start + timedelta(days=offset), score=score,
                                            revision=stay.declare("satisfaction"))
                   for score, offset in draw(ANSWER_SENDS)]
    return [*events, stay.cancel()]


def stay_events(draw: st.DrawFn, stay: TraineeStay) -> list[Event]:
    events = _enrolment(draw, stay)
    exit_kind = draw(EXIT)
    # Exits fall on the days declarations are drawn from, or on the stay's last event.
    exited = max(stay.last_day, stay.fields["enrolled_on"], after(draw, stay.start, IN_SESSION))
    if exit_kind == "completed":
        certification = draw(CERTIFICATION)
        stay.fields = {**stay.fields, "status": "completed", "exited_on": exited, "certification": certification}
        events.append(stay.event(att.TraineeCompleted, exited, certification=certification))
    elif exit_kind == "dropped_out":
        reason = draw(REASON)
        stay.fields = {**stay.fields, "status": "dropped_out", "exited_on": exited, "dropout_reason": reason}
        events.append(stay.event(att.TraineeDroppedOut, exited, reason=reason))
    return events


def trainee_facts(draw: st.DrawFn, stay: TraineeStay) -> list[Event]:
    """Attendance, outcomes and satisfaction of one stay, each key re-sent with higher revisions."""
    events: list[Event] = []
    for offset in draw(SOME_DAYS):
        day = stay.start + timedelta(days=offset)
        events += [att.AttendanceRecorded(**stay.common, date=day, hours_present=hours,
                                          revision=stay.declare("attendance", day))
                   for hours in draw(HOUR_SENDS)]
    exited_on = stay.fields.get("exited_on")
    if exited_on is not None:
        for months in draw(MONTHS):
            events += [att.OutcomeRecorded(**stay.common, months_after_exit=months, status=status,
                                           revision=stay.declare("outcome", months),
                                           observed_on=exited_on + timedelta(days=later))
                       for status, later in draw(OUTCOME_SENDS)]
    if draw(FLAG):
        events += [att.SatisfactionRecorded(**stay.common, date=stay.start + timedelta(days=offset), score=score,
                                            revision=stay.declare("satisfaction"))
                   for score, offset in draw(ANSWER_SENDS)]
    return events


def trainee_events(draw: st.DrawFn, stay: TraineeStay, corrections: bool) -> list[Event]:
    """Everything attendance publishes about one (session, trainee)."""
    events: list[Event] = []
    if corrections and draw(FLAG):
        events += cancelled_enrolment(draw, stay)
        if draw(FLAG):  # never enrolled again
            return events
    return events + stay_events(draw, stay) + trainee_facts(draw, stay)
