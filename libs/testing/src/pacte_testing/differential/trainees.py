"""A trainee's path through one session, as attendance publishes it: the stay events (each carrying
the whole stay after it), then attendance, outcomes and satisfaction, each key re-sent with higher
revisions."""

from __future__ import annotations

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
    PROFILE,
    REASON,
    SOME_DAYS,
    SOON,
    after,
)


@dataclass
class TraineeStay:
    """What attendance knows of one stay: each event carries the whole stay after it."""

    session_id: str
    organisation_id: str
    trainee_key: str
    start: date  # the session's
    fields: dict[str, Any] = field(default_factory=dict)
    revision: int = 0
    suspensions: int = 0
    last_day: date = FIRST_DAY

    def event(self, kind: type[att.TraineeEvent], day: date, **extra: Any) -> att.TraineeEvent:
        self.revision += 1
        self.last_day = max(self.last_day, day)
        stay = att.Stay.model_validate({**self.fields, "revision": self.revision})
        return kind(session_id=self.session_id, organisation_id=self.organisation_id,
                    trainee_key=self.trainee_key, date=day, stay=stay, **extra)


def stay_events(draw: st.DrawFn, stay: TraineeStay) -> list[Event]:
    enrolled = after(draw, stay.start, EARLY)
    stay.fields = {"enrolled_on": enrolled, "status": "enrolled", "profile": draw(PROFILE)}
    events: list[Event] = [stay.event(att.TraineeEnrolled, enrolled)]
    if draw(FLAG):  # re-sent enrolment: replaces the date and the profile
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


def trainee_facts(draw: st.DrawFn, stay: TraineeStay, hour_sends: st.SearchStrategy[list[str]] = HOUR_SENDS
                  ) -> list[Event]:
    """Attendance, outcomes and satisfaction of one stay, each key re-sent with higher revisions."""
    common: dict[str, Any] = {"session_id": stay.session_id, "organisation_id": stay.organisation_id,
                              "trainee_key": stay.trainee_key}
    events: list[Event] = []
    for offset in draw(SOME_DAYS):
        events += [att.AttendanceRecorded(**common, date=stay.start + timedelta(days=offset), hours_present=hours,
                                          revision=r)
                   for r, hours in enumerate(draw(hour_sends), start=1)]
    exited_on = stay.fields.get("exited_on")
    if exited_on is not None:
        for months in draw(MONTHS):
            events += [att.OutcomeRecorded(**common, months_after_exit=months, status=status, revision=r,
                                           observed_on=exited_on + timedelta(days=later))
                       for r, (status, later) in enumerate(draw(OUTCOME_SENDS), start=1)]
    if draw(FLAG):
        events += [att.SatisfactionRecorded(**common, date=stay.start + timedelta(days=offset), score=score, revision=r)
                   for r, (score, offset) in enumerate(draw(ANSWER_SENDS), start=1)]
    return events
