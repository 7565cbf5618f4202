"""Reference model of the pathway indicators (issue 22), the plain way: from the events the service
consumes, each person's Essentials completions, the next step of each, one pathway per person and
scope, counted per scope. The SQL (`adapters/sql/pathways.py`) must give the same figures."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pacte_contracts import attendance as att
from pacte_contracts import procurement as proc
from pacte_contracts.envelope import Event
from pacte_indicators.domain.pathways import PathwayCounts

from .projection import scopes_of

WINDOW = timedelta(days=90)
NEXT_STEPS = ("certifying", "professionalising")


@dataclass(frozen=True)
class _Step:
    session: proc.SessionScheduled
    stay: att.Stay


def _live_steps(events: Iterable[Event]) -> list[_Step]:
    sessions: dict[str, proc.SessionScheduled] = {}
    stays: dict[tuple[str, str], att.Stay] = {}
    killed: dict[tuple[str, str], int] = {}
    for e in events:
        if isinstance(e, proc.SessionScheduled) and (
                e.session_id not in sessions or sessions[e.session_id].revision < e.revision):
            sessions[e.session_id] = e
        elif isinstance(e, att.TraineeEvent):
            key = (e.session_id, e.trainee_key)
            if key not in stays or stays[key].revision < e.stay.revision:
                stays[key] = e.stay
        elif isinstance(e, att.EnrolmentCancelled):
            key = (e.session_id, e.trainee_key)
            killed[key] = max(killed.get(key, 0), e.stay_revision)
    return [_Step(sessions[key[0]], stay) for key, stay in stays.items()
            if stay.person_key is not None and key[0] in sessions and killed.get(key, 0) < stay.revision]


def pathways(events: list[Event], as_of: date | None) -> dict[str, dict[str, object]]:
    steps = _live_steps(events)
    if not steps:
        return {}
    day = as_of or max(max(s.stay.enrolled_on, s.stay.exited_on or s.stay.enrolled_on) for s in steps)
    best: dict[tuple[str, str], tuple[int | None, bool]] = {}  # (scope, person) → (delay, crosses)
    for first in steps:
        stay = first.stay
        if (first.session.action_type != "preparatory" or stay.status != "completed" or stay.exited_on is None
                or stay.exited_on + WINDOW > day):
            continue
        exited = stay.exited_on
        nexts = sorted(((n.stay.enrolled_on - exited).days,
                        n.session.holder_organisation_id == first.session.holder_organisation_id)
                       for n in steps if n.stay.person_key == stay.person_key and n.session.action_type in NEXT_STEPS
                       and exited <= n.stay.enrolled_on <= exited + WINDOW)
        pathway = (nexts[0][0], not nexts[0][1]) if nexts else (None, False)
        for scope in scopes_of(first.session, first.session.holder_organisation_id):
            key = (scope, str(stay.person_key))
            if key not in best or _sooner(pathway, best[key]):
                best[key] = pathway
    by_scope: dict[str, list[tuple[int | None, bool]]] = defaultdict(list)
    for (scope, _), pathway in best.items():
        by_scope[scope].append(pathway)
    return {scope: _counts(found, day).values() for scope, found in sorted(by_scope.items())}


def _sooner(candidate: tuple[int | None, bool], kept: tuple[int | None, bool]) -> bool:
    if candidate[0] is None:
        return False
    return kept[0] is None or candidate[0] < kept[0] or (candidate[0] == kept[0] and candidate[1] and not kept[1])


def _counts(found: list[tuple[int | None, bool]], day: date) -> PathwayCounts:
    delays = [delay for delay, _ in found if delay is not None]
    return PathwayCounts(completers=len(found), continued=len(delays),
                         cross_organisation=sum(1 for delay, crosses in found if delay is not None and crosses),
                         median_days=Decimal(str(statistics.median(delays))) if delays else None, as_of=day)
