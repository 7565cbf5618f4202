"""Reference model of what the indicators service reads: from the events it consumes to the report's
``indicators`` (every scope, now or as of a date) and ``budget``, the plain way.

Production projects events into tables and counts every scope at once in SQL; here each business
key keeps its highest revision (or sequence), facts are attributed to the scopes of their session or
order, and :func:`compute.compute_indicators` runs once per scope. A cancelled enrolment never
existed: a stay event (the stay, its suspensions) older than the newest cancellation of its
(session, trainee) is dropped, and a withdrawn score or outcome (a revision without a value) leaves
its key without a value. Money is in `money.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pacte_contracts import attendance as att
from pacte_contracts import procurement as proc
from pacte_contracts.codes import ActionType
from pacte_contracts.envelope import Event
from pacte_indicators.domain.budget import axis_budget
from pacte_indicators.domain.counts import PROGRAMME, scope_key

from .compute import OutcomeFact, SatisfactionFact, SessionFact, StayFact, SuspensionFact, compute_indicators
from .money import latest, money_by_order, total


def scopes_of(terms: proc.LotTerms, holder: str) -> list[str]:
    """The scopes a session or an order belongs to (INDICATORS.md, and the action type)."""
    return [PROGRAMME, scope_key("axis", terms.axis), scope_key("tender", terms.tender_id),
            scope_key("lot", terms.lot_id), scope_key("organisation", holder),
            scope_key("territory", terms.territory), scope_key("domain", terms.domain),
            scope_key("action_type", terms.action_type)]


@dataclass
class ScopeFacts:
    sessions: list[SessionFact] = field(default_factory=list)
    stays: list[StayFact] = field(default_factory=list)
    outcomes: list[OutcomeFact] = field(default_factory=list)
    satisfactions: list[SatisfactionFact] = field(default_factory=list)
    suspensions: list[SuspensionFact] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)


def _stay(event: att.TraineeEvent, session: proc.SessionScheduled) -> StayFact:
    stay = event.stay
    exited = stay.status in ("completed", "dropped_out")
    profile = stay.profile
    return StayFact(
        session_id=event.session_id, trainee_key=event.trainee_key, enrolled_on=stay.enrolled_on,
        certifying=session.action_type == ActionType.CERTIFYING, action_type=session.action_type,
        qualification=profile.qualification.value if profile.qualification else None,
        jobseeker_registered=profile.jobseeker_registered,
        priority_publics=frozenset(p.value for p in profile.priority_publics),
        exit_kind=stay.status if exited else None, exited_on=stay.exited_on if exited else None,
        certification=stay.certification.value if stay.certification else None,
        dropout_reason=stay.dropout_reason.value if stay.dropout_reason else None,
    )


def _cancelled_below(events: list[Event]) -> dict[tuple[str, str], int]:
    """Per (session, trainee): the newest cancellation's stay revision (older stay events are dead)."""
    newest = latest(events, att.EnrolmentCancelled, lambda e: (e.session_id, e.trainee_key), lambda e: e.stay_revision)
    return {key: e.stay_revision for key, e in newest.items()}


def _withdrawn(events: list[Event], kind: str) -> list[tuple[att.EnrolmentCancelled, att.WithdrawnDeclaration]]:
    return [(e, w) for e in events if isinstance(e, att.EnrolmentCancelled) for w in e.withdrawn if w.kind == kind]


def _outcomes(events: list[Event]) -> list[OutcomeFact]:
    """The newest revision of each outcome key, unless that revision withdrew it."""
    values = latest(events, att.OutcomeRecorded, lambda e: (e.session_id, e.trainee_key, e.months_after_exit),
                    lambda e: e.revision)
    withdrawn: dict[tuple[str, str, int | None], int] = defaultdict(int)
    for e, w in _withdrawn(events, "outcome"):
        key = (e.session_id, e.trainee_key, w.months_after_exit)
        withdrawn[key] = max(withdrawn[key], w.revision)
    return [OutcomeFact(e.session_id, e.trainee_key, e.months_after_exit, e.observed_on, e.status.value, e.revision)
            for key, e in values.items() if e.revision > withdrawn[key]]


def _satisfactions(events: list[Event]) -> list[SatisfactionFact]:
    values = latest(events, att.SatisfactionRecorded, lambda e: (e.session_id, e.trainee_key), lambda e: e.revision)
    withdrawn: dict[tuple[str, str], int] = defaultdict(int)
    for e, w in _withdrawn(events, "satisfaction"):
        withdrawn[(e.session_id, e.trainee_key)] = max(withdrawn[(e.session_id, e.trainee_key)], w.revision)
    return [SatisfactionFact(e.session_id, e.trainee_key, e.date, e.score, e.revision)
            for key, e in values.items() if e.revision > withdrawn[key]]


def _facts_by_scope(events: list[Event]) -> dict[str, ScopeFacts]:
    sessions = latest(events, proc.SessionScheduled, lambda e: e.session_id, lambda e: e.revision)
    cancelled = {e.session_id for e in events if isinstance(e, proc.SessionCancelled)}
    by_scope: dict[str, ScopeFacts] = defaultdict(ScopeFacts)
    for order in latest(events, proc.OrderPlaced, lambda e: e.order_id, lambda e: 0).values():
        for scope in scopes_of(order, order.holder_organisation_id):
            by_scope[scope].orders.append(order.order_id)

    def scopes(session_id: str) -> list[ScopeFacts]:
        session = sessions.get(session_id)
        return [] if session is None else [by_scope[s] for s in scopes_of(session, session.holder_organisation_id)]

    for s in sessions.values():
        for facts in scopes(s.session_id):
            facts.sessions.append(SessionFact(s.session_id, s.capacity, s.starts_on, s.session_id in cancelled))
    dead_below = _cancelled_below(events)
    for (session_id, trainee), e in latest(events, att.TraineeEvent, lambda e: (e.session_id, e.trainee_key),
                                           lambda e: e.stay.revision).items():
        if e.stay.revision > dead_below.get((session_id, trainee), 0):
            for facts in scopes(session_id):
                facts.stays.append(_stay(e, sessions[session_id]))
    for (session_id, trainee, _), e in latest(events, att.TraineeSuspended,
                                              lambda e: (e.session_id, e.trainee_key, e.suspension_number),
                                              lambda e: e.stay.revision).items():
        if e.stay.revision > dead_below.get((session_id, trainee), 0):
            for facts in scopes(session_id):
                facts.suspensions.append(SuspensionFact(session_id, trainee, e.date))
    for outcome in _outcomes(events):
        for facts in scopes(outcome.session_id):
            facts.outcomes.append(outcome)
    for score in _satisfactions(events):
        for facts in scopes(score.session_id):
            facts.satisfactions.append(score)
    return by_scope


def report(events: Iterable[Event], as_of: date | None) -> dict[str, dict[str, object]]:
    """Every scope anything belongs to, in the report's shape (SCENARIO.md ``indicators``)."""
    history = list(events)
    money = money_by_order(history)
    jobseekers = latest(history, proc.JobseekerCountSet, lambda e: e.territory.value, lambda e: e.revision)
    out: dict[str, dict[str, object]] = {}
    for scope, facts in sorted(_facts_by_scope(history).items()):
        territory = scope.startswith("territory:")
        count = jobseekers.get(scope.partition(":")[2]) if territory else None
        out[scope] = compute_indicators(
            facts.sessions, facts.stays, facts.outcomes, facts.satisfactions, facts.suspensions,
            total(money[o] for o in facts.orders), as_of=as_of, is_territory=territory,
            jobseeker_count=None if count is None else count.count,
        ).values()
    return out


def budget(events: Iterable[Event]) -> dict[str, dict[str, object]]:
    """The report's ``budget``: committed, invoiced and paid per axis, and the axis shares."""
    history = list(events)
    money = money_by_order(history)
    committed: dict[str, int] = defaultdict(int)
    payable: dict[str, int] = defaultdict(int)
    paid: dict[str, int] = defaultdict(int)
    for order in latest(history, proc.OrderPlaced, lambda e: e.order_id, lambda e: 0).values():
        committed[order.axis] += money[order.order_id].committed_cents
        payable[order.axis] += money[order.order_id].invoiced_cents
        paid[order.axis] += money[order.order_id].paid_cents
    return axis_budget(committed, payable, paid)
