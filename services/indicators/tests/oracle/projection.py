"""Reference model of what the indicators service reads: from the events it consumes to the report's
``indicators`` (every scope, now or as of a date) and ``budget``, the plain way.

Production projects events into tables and counts every scope at once in SQL; here each business
key keeps its highest revision (or sequence), facts are attributed to the scopes of their session or
order, and :func:`compute.compute_indicators` runs once per scope.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from pacte_contracts import attendance as att
from pacte_contracts import billing as bil
from pacte_contracts import procurement as proc
from pacte_contracts.codes import ActionType, LineKind
from pacte_contracts.envelope import Event
from pacte_indicators.domain.budget import axis_budget
from pacte_indicators.domain.indicator_set import MoneyFacts
from pacte_indicators.domain.scopes import PROGRAMME, scope_key

from .compute import OutcomeFact, SatisfactionFact, SessionFact, StayFact, SuspensionFact, compute_indicators

E = TypeVar("E", bound=Event)
K = TypeVar("K", bound=Hashable)


def latest(events: Iterable[Event], kind: type[E], key: Callable[[E], K], rank: Callable[[E], int]) -> dict[K, E]:
    """Per business key, the event of the highest rank (revision, sequence): a re-send replaces."""
    best: dict[K, E] = {}
    for event in events:
        if isinstance(event, kind):
            k = key(event)
            if k not in best or rank(event) > rank(best[k]):
                best[k] = event
    return best


def scopes_of(terms: proc.LotTerms, holder: str) -> list[str]:
    """The seven scopes a session or an order belongs to (INDICATORS.md)."""
    return [PROGRAMME, scope_key("axis", terms.axis), scope_key("tender", terms.tender_id),
            scope_key("lot", terms.lot_id), scope_key("organisation", holder),
            scope_key("territory", terms.territory), scope_key("domain", terms.domain)]


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


def _facts_by_scope(events: list[Event]) -> dict[str, ScopeFacts]:
    sessions = latest(events, proc.SessionScheduled, lambda e: e.session_id, lambda e: e.revision)
    cancelled = {e.session_id for e in events if isinstance(e, proc.SessionCancelled)}
    orders = latest(events, proc.OrderPlaced, lambda e: e.order_id, lambda e: 0)
    by_scope: dict[str, ScopeFacts] = defaultdict(ScopeFacts)
    for order in orders.values():
        for scope in scopes_of(order, order.holder_organisation_id):
            by_scope[scope].orders.append(order.order_id)

    def scopes(session_id: str) -> list[ScopeFacts]:
        session = sessions.get(session_id)
        return [] if session is None else [by_scope[s] for s in scopes_of(session, session.holder_organisation_id)]

    for s in sessions.values():
        for facts in scopes(s.session_id):
            facts.sessions.append(SessionFact(s.session_id, s.capacity, s.starts_on, s.session_id in cancelled))
    for (session_id, _), e in latest(events, att.TraineeEvent, lambda e: (e.session_id, e.trainee_key),
                                     lambda e: e.stay.revision).items():
        for facts in scopes(session_id):
            facts.stays.append(_stay(e, sessions[session_id]))
    for (session_id, trainee, _), e in latest(events, att.TraineeSuspended,
                                              lambda e: (e.session_id, e.trainee_key, e.suspension_number),
                                              lambda e: e.stay.revision).items():
        for facts in scopes(session_id):
            facts.suspensions.append(SuspensionFact(session_id, trainee, e.date))
    for e in events:
        if isinstance(e, att.OutcomeRecorded):
            for facts in scopes(e.session_id):
                facts.outcomes.append(OutcomeFact(e.session_id, e.trainee_key, e.months_after_exit, e.observed_on,
                                                  e.status.value, e.revision))
        elif isinstance(e, att.SatisfactionRecorded):
            for facts in scopes(e.session_id):
                facts.satisfactions.append(SatisfactionFact(e.session_id, e.trainee_key, e.date, e.score, e.revision))
    return by_scope


def _money_by_order(events: list[Event]) -> dict[str, MoneyFacts]:
    """Invoices (each version once, whatever its later status), payments, the newest accrual."""
    invoices = latest(events, bil.InvoiceIssued, lambda e: (e.invoice_id, e.version), lambda e: 0)
    payments = latest(events, bil.InvoicePaid, lambda e: (e.invoice_id, e.version), lambda e: 0)
    accruals = latest(events, bil.OrderAccrualChanged, lambda e: e.order_id, lambda e: e.sequence)
    orders = latest(events, proc.OrderPlaced, lambda e: e.order_id, lambda e: 0)

    def billed(order_id: str, kind: LineKind) -> Decimal:
        return sum((Decimal(line.quantity) for i in invoices.values() if i.order_id == order_id
                    for line in i.lines if line.kind == kind), Decimal(0))

    return {
        order_id: MoneyFacts(
            opening_days_billed=billed(order_id, LineKind.OPENING_DAY),
            trainer_hours_billed=billed(order_id, LineKind.TRAINER_HOUR),
            trainee_hours_billed=billed(order_id, LineKind.TRAINEE_HOUR),
            invoiced_cents=sum(i.payable_cents for i in invoices.values() if i.order_id == order_id),
            paid_cents=sum(p.paid_cents for p in payments.values() if p.order_id == order_id),
            committed_cents=order.amount_cents,
            accrued_cents=accruals[order_id].accrued_cents if order_id in accruals else 0,
        )
        for order_id, order in orders.items()
    }


def _sum(parts: Iterable[MoneyFacts]) -> MoneyFacts:
    total = MoneyFacts()
    for m in parts:
        total = MoneyFacts(*(getattr(total, f) + getattr(m, f) for f in MoneyFacts.__dataclass_fields__))
    return total


def report(events: Iterable[Event], as_of: date | None) -> dict[str, dict[str, object]]:
    """Every scope anything belongs to, in the report's shape (SCENARIO.md ``indicators``)."""
    history = list(events)
    money = _money_by_order(history)
    jobseekers = latest(history, proc.JobseekerCountSet, lambda e: e.territory.value, lambda e: e.revision)
    out: dict[str, dict[str, object]] = {}
    for scope, facts in sorted(_facts_by_scope(history).items()):
        territory = scope.startswith("territory:")
        count = jobseekers.get(scope.partition(":")[2]) if territory else None
        out[scope] = compute_indicators(
            facts.sessions, facts.stays, facts.outcomes, facts.satisfactions, facts.suspensions,
            _sum(money[o] for o in facts.orders), as_of=as_of, is_territory=territory,
            jobseeker_count=None if count is None else count.count,
        ).values()
    return out


def budget(events: Iterable[Event]) -> dict[str, dict[str, object]]:
    """The report's ``budget``: committed, invoiced and paid per axis, and the axis shares."""
    history = list(events)
    money = _money_by_order(history)
    committed: dict[str, int] = defaultdict(int)
    payable: dict[str, int] = defaultdict(int)
    paid: dict[str, int] = defaultdict(int)
    for order in latest(history, proc.OrderPlaced, lambda e: e.order_id, lambda e: 0).values():
        committed[order.axis] += order.amount_cents
        payable[order.axis] += money[order.order_id].invoiced_cents
        paid[order.axis] += money[order.order_id].paid_cents
    return axis_budget(committed, payable, paid)
