"""What a training organisation declares for one session, day after day.

`declarations(session, ...)` yields `(emit date, rank, command, tag)` in date order: the tag is
True for a billable fact of the emit date's period, an `Exit` for a valid exit, else None.
Satisfaction answered after an exit waits in a heap until its date; one record of each month may
be corrected early in the next one, after that month's closing.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pacte_cli.scenario.generator.calendar import Calendar, add_months
from pacte_cli.scenario.generator.classroom import Classroom
from pacte_cli.scenario.generator.pathways import Persons
from pacte_cli.scenario.generator.skeleton import Session, json_hours
from pacte_cli.scenario.generator.trainees import plan_trainees

Event = tuple[date, int, dict[str, Any], Any]


def declarations(session: Session, ids: Iterator[int], prefix: str, cal: Calendar, persons: Persons
                 ) -> Iterator[Event]:
    """Every organisation command of one session, in date order (calendar dates of emission).

    The trainees are drawn (and numbered from `ids`) now, the days lazily as the stream advances."""
    rng = random.Random(session.seed)
    days = session.planned_days()
    classroom = Classroom(rng, session, plan_trainees(rng, session, days, ids, prefix, persons), cal.end)
    return _emitted(rng, days, classroom)


def _emitted(rng: random.Random, days: list[date], classroom: Classroom) -> Iterator[Event]:
    pending: list[tuple[date, int, dict[str, Any]]] = []  # dated after their cause (satisfaction)
    rank = 0
    # Reservoir of one record of the current month, for a late correction after its closing.
    sample: tuple[str, dict[str, Any]] | None = None
    seen = 0
    for i, day in enumerate(days):
        while pending and pending[0][0] < day:
            when, _, cmd = heapq.heappop(pending)
            rank += 1
            yield when, rank, cmd, None
        if i > 0 and day.month != days[i - 1].month:
            if sample is not None and rng.random() < 0.35:
                rank += 1
                yield day, rank, corrected(rng, classroom.hours_per_day, *sample), None
            sample, seen = None, 0
        events, records, later = classroom.day(i, day)
        for when, score in later:
            rank += 1
            heapq.heappush(pending, (when, rank, score))
        for cmd, tag in events:
            rank += 1
            yield day, rank, cmd, tag
        for record in records:
            seen += 1
            if rng.random() * seen < 1:
                sample = record
    while pending:
        when, _, cmd = heapq.heappop(pending)
        rank += 1
        yield when, rank, cmd, None
    if sample is not None and days and rng.random() < 0.35:
        # A correction of the last month, sent early in the next one (after its closing).
        when = add_months(date(days[-1].year, days[-1].month, 1), 1) + timedelta(days=rng.randint(1, 6))
        yield when, rank + 1, corrected(rng, classroom.hours_per_day, *sample), None


def corrected(rng: random.Random, hours_per_day: float, kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A later correction of an attendance record or of trainer hours."""
    fixed = dict(record)
    if kind == "attendance.record":
        hours = float(record["hours_present"])
        new = hours_per_day if hours < hours_per_day else max(0.0, hours_per_day - rng.choice((0.5, 1.0, 2.0)))
        fixed["hours_present"] = json_hours(new)
        fixed["absence"] = None if new == hours_per_day else "justified"
    else:
        fixed["hours"] = json_hours(float(record["hours"]) + rng.choice((-1.0, -0.5, 0.5, 1.0)))
    return fixed
