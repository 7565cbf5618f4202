"""What organisations withdraw (rules version 2), as attendance publishes it: an open day withdrawn,
maybe declared open again; an enrolment made by mistake cancelled (only while the trainee has no hour
attended and no exit), its declarations withdrawn with it, maybe followed by a new enrolment. Each
withdrawal is the newest revision of the key it withdraws (a tombstone)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from hypothesis import strategies as st

from pacte_contracts import attendance as att
from pacte_contracts.envelope import Event

from .pools import FLAG, PROFILE
from .trainees import TraineeStay


def open_day_withdrawals(draw: st.DrawFn, declared: list[att.OpenDayDeclared]) -> list[Event]:
    """Some declared days withdrawn (the key's next revision), some of them declared open again after."""
    newest: dict[date, att.OpenDayDeclared] = {}
    for e in declared:
        if e.date not in newest or e.revision > newest[e.date].revision:
            newest[e.date] = e
    events: list[Event] = []
    for day, e in sorted(newest.items()):
        if not draw(FLAG):
            continue
        common: dict[str, Any] = {"session_id": e.session_id, "organisation_id": e.organisation_id, "date": day}
        events.append(att.OpenDayWithdrawn(**common, revision=e.revision + 1))
        if draw(FLAG):
            events.append(att.OpenDayDeclared(**common, revision=e.revision + 2))
    return events


def cancellation(draw: st.DrawFn, stay: TraineeStay, facts: list[Event]) -> list[Event]:
    """The enrolment cancelled: its stay's next revision, a tombstone of each of its declarations, and
    maybe the trainee enrolled again (a new stay, above the cancellation's revision)."""
    revisions: dict[tuple[str, Any], int] = defaultdict(int)
    for e in facts:
        if isinstance(e, att.AttendanceRecorded):
            key: tuple[str, Any] = ("attendance", e.date)
        elif isinstance(e, att.SatisfactionRecorded):
            key = ("satisfaction", None)
        else:
            continue
        revisions[key] = max(revisions[key], e.revision)
    withdrawn = [att.WithdrawnDeclaration(kind="attendance", date=day, revision=revision + 1)
                 if kind == "attendance" else att.WithdrawnDeclaration(kind="satisfaction", revision=revision + 1)
                 for (kind, day), revision in sorted(revisions.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))]
    stay.revision += 1
    events: list[Event] = [att.EnrolmentCancelled(
        session_id=stay.session_id, organisation_id=stay.organisation_id, trainee_key=stay.trainee_key,
        enrolled_on=stay.fields["enrolled_on"], stay_revision=stay.revision, withdrawn=withdrawn)]
    if draw(FLAG):
        stay.fields = {"enrolled_on": stay.fields["enrolled_on"], "status": "enrolled", "profile": draw(PROFILE)}
        events.append(stay.event(att.TraineeEnrolled, stay.fields["enrolled_on"]))
    return events
