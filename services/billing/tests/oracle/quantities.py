"""Reference model: the cumulative quantities BILLING.md makes billable, straight from the facts.

Production computes them in SQL (`adapters/invoices.py::current_quantities`, over the ledger's
current versions); `tests/integration/test_quantities_differential.py` checks that SQL against
:func:`current_quantities` on random histories. Here every rule is written the plain way: the
highest revision of each business key replaces the others, then each unit counts what it pays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from pacte_billing.domain.invoicing import CurrentQuantity, line_sort_key
from pacte_billing.domain.periods import period_of
from pacte_contracts import attendance as att
from pacte_contracts import improvement as imp
from pacte_contracts import procurement as proc
from pacte_contracts.codes import ActionType, BillingUnit, LineKind, OutcomeStatus
from pacte_contracts.envelope import Event

from .activity import Stay, billable_open_days

E = TypeVar("E", bound=Event)
K = TypeVar("K", bound=Hashable)


def _by_period(kind: LineKind, items: Iterable[tuple[date, Decimal]], price: int) -> list[CurrentQuantity]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for d, quantity in items:
        totals[period_of(d)] += quantity
    return sorted(
        (CurrentQuantity(kind, origin, None, quantity, price) for origin, quantity in totals.items()),
        key=line_sort_key,
    )


def trainee_hour_quantities(records: Iterable[tuple[date, Decimal]], price: int) -> list[CurrentQuantity]:
    """Present hours per period; the caller passes the latest value of each attendance key."""
    return _by_period(LineKind.TRAINEE_HOUR, records, price)


def trainer_hour_quantities(records: Iterable[tuple[date, Decimal]], price: int) -> list[CurrentQuantity]:
    """Declared trainer hours per period; latest value of each (session, trainer, date)."""
    return _by_period(LineKind.TRAINER_HOUR, records, price)


def opening_day_quantities(billable_days: Iterable[date], price: int) -> list[CurrentQuantity]:
    """One entry per billable (session, day): two sessions open the same day count twice."""
    return _by_period(LineKind.OPENING_DAY, ((d, Decimal(1)) for d in billable_days), price)


def return_to_work_quantities(observed_dates: Iterable[date], bonus: int) -> list[CurrentQuantity]:
    """One observed date per bonus-eligible (trainee, session); a bonus of 0 produces nothing."""
    if bonus == 0:
        return []
    return _by_period(LineKind.RETURN_TO_WORK, ((d, Decimal(1)) for d in observed_dates), bonus)


def continuity_quantities(order: proc.OrderPlaced, sessions: set[str], orders: dict[str, proc.OrderPlaced],
                          order_of: dict[str, str], stays: Iterable[att.TraineeEvent]) -> list[CurrentQuantity]:
    """Once per person who completed one of this Essentials order's sessions and entered a certifying or
    professionalising session 0 to 90 days later, dated on the earliest such entry."""
    if order.action_type != ActionType.PREPARATORY or order.continuity_bonus_cents == 0:
        return []
    followed = [e for e in stays if e.stay.person_key is not None]
    earned: dict[str, date] = {}
    for first in followed:
        done = first.stay
        if first.session_id not in sessions or done.status != "completed" or done.exited_on is None:
            continue
        for step in followed:
            nxt = orders.get(order_of.get(step.session_id, ""))
            if (step.stay.person_key == done.person_key and nxt is not None
                    and nxt.action_type in (ActionType.CERTIFYING, ActionType.PROFESSIONALISING)
                    and done.exited_on <= step.stay.enrolled_on <= done.exited_on + timedelta(days=90)):
                person = str(done.person_key)
                earned[person] = min(earned.get(person, step.stay.enrolled_on), step.stay.enrolled_on)
    return _by_period(LineKind.CONTINUITY, ((d, Decimal(1)) for d in earned.values()), order.continuity_bonus_cents)


def milestone_quantities(achievements: Iterable[tuple[str, date, int]]) -> list[CurrentQuantity]:
    """One line per achieved milestone, in the period of its achievement date."""
    seen: dict[str, tuple[date, int]] = {}
    for milestone_id, achieved_on, bonus in achievements:
        known = seen.setdefault(milestone_id, (achieved_on, bonus))
        if known != (achieved_on, bonus):
            raise ValueError(f"milestone {milestone_id} achieved twice differently")
    return sorted(
        (
            CurrentQuantity(LineKind.MILESTONE, period_of(achieved_on), milestone_id, Decimal(1), bonus)
            for milestone_id, (achieved_on, bonus) in seen.items()
            if bonus != 0
        ),
        key=line_sort_key,
    )


def quantities_for_unit(
    unit: BillingUnit,
    unit_price_cents: int,
    *,
    attendance: Iterable[tuple[date, Decimal]] = (),
    trainer_hours: Iterable[tuple[date, Decimal]] = (),
    billable_days: Iterable[date] = (),
) -> list[CurrentQuantity]:
    """The lot's unit decides which facts are billed; the others are ignored (BILLING.md)."""
    if unit is BillingUnit.TRAINEE_HOUR:
        return trainee_hour_quantities(attendance, unit_price_cents)
    if unit is BillingUnit.TRAINER_HOUR:
        return trainer_hour_quantities(trainer_hours, unit_price_cents)
    return opening_day_quantities(billable_days, unit_price_cents)


# --- From the events billing consumes -----------------------------------------------------------


def latest(events: Iterable[E], key: Callable[[E], K], revision: Callable[[E], int]) -> dict[K, E]:
    """Re-sending a key replaces the earlier value: per key, the event of the highest revision."""
    best: dict[K, E] = {}
    for event in events:
        k = key(event)
        if k not in best or revision(event) > revision(best[k]):
            best[k] = event
    return best


def _of(events: Iterable[Event], kind: type[E]) -> list[E]:
    return [e for e in events if isinstance(e, kind)]


def _stay(event: att.TraineeEvent) -> Stay:
    stay = event.stay
    exited = stay.status in ("completed", "dropped_out")
    return Stay(event.session_id, event.trainee_key, stay.enrolled_on, stay.exited_on if exited else None,
                stay.status if exited else None)


def _withdrawn(history: list[Event], kind: str) -> list[tuple[att.EnrolmentCancelled, att.WithdrawnDeclaration]]:
    """The declarations a cancelled enrolment withdrew (tombstones: new revisions of their keys)."""
    return [(e, w) for e in _of(history, att.EnrolmentCancelled) for w in e.withdrawn if w.kind == kind]


def _alive(values: dict[K, tuple[int, E | None]]) -> dict[K, E]:
    """The keys whose newest revision is a value, not a withdrawal."""
    return {k: value for k, (_, value) in values.items() if value is not None}


def _newest(*versions: Iterable[tuple[K, int, E | None]]) -> dict[K, tuple[int, E | None]]:
    best: dict[K, tuple[int, E | None]] = {}
    for key, revision, value in (v for source in versions for v in source):
        if key not in best or revision > best[key][0]:
            best[key] = (revision, value)
    return best


def current_quantities(events: Iterable[Event]) -> dict[str, list[CurrentQuantity]]:
    """Per order: what every fact known now is worth, by (kind, origin period, ref), in the order's unit.

    Re-sending a key replaces its value, and so does withdrawing it: an open day withdrawn, a cancelled
    enrolment (the stay never existed) and the declarations it withdrew are the newest revisions of
    their keys, whatever the order they arrive in."""
    history = list(events)
    orders = latest(_of(history, proc.OrderPlaced), lambda e: e.order_id, lambda e: 0)
    order_of = {s: e.order_id for s, e in latest(_of(history, proc.SessionScheduled), lambda e: e.session_id,
                                                 lambda e: e.revision).items()}
    attendance = _alive(_newest(
        (((e.session_id, e.trainee_key, e.date), e.revision, e) for e in _of(history, att.AttendanceRecorded)),
        (((e.session_id, e.trainee_key, w.date), w.revision, None) for e, w in _withdrawn(history, "attendance"))))
    trainer = latest(_of(history, att.TrainerHoursDeclared), lambda e: (e.session_id, e.trainer_id, e.date),
                     lambda e: e.revision)
    open_days = _alive(_newest(
        (((e.session_id, e.date), e.revision, e) for e in _of(history, att.OpenDayDeclared)),
        (((e.session_id, e.date), e.revision, None) for e in _of(history, att.OpenDayWithdrawn))))
    live_stays = _alive(_newest(
        (((e.session_id, e.trainee_key), e.stay.revision, e) for e in _of(history, att.TraineeEvent)),
        (((e.session_id, e.trainee_key), e.stay_revision, None) for e in _of(history, att.EnrolmentCancelled)),
    ))
    stays = {k: _stay(e) for k, e in live_stays.items()}
    outcomes = _alive(_newest(
        (((e.session_id, e.trainee_key, e.months_after_exit), e.revision, e)
         for e in _of(history, att.OutcomeRecorded)),
        (((e.session_id, e.trainee_key, w.months_after_exit), w.revision, None)
         for e, w in _withdrawn(history, "outcome"))))
    achievements = _of(history, imp.MilestoneAchieved)

    result: dict[str, list[CurrentQuantity]] = {}
    for order_id, order in orders.items():
        sessions = {session_id for session_id, of in order_of.items() if of == order_id}
        days = billable_open_days([k for k in open_days if k[0] in sessions], stays.values())
        eligible = [o.observed_on for (s, t, months), o in outcomes.items()
                    if s in sessions and months == 6 and o.status == OutcomeStatus.EMPLOYED_DURABLE
                    and (s, t) in stays and stays[s, t].completed]
        quantities = [
            *quantities_for_unit(
                BillingUnit(order.billing_unit), order.unit_price_cents,
                attendance=[(a.date, Decimal(a.hours_present)) for a in attendance.values()
                            if a.session_id in sessions],
                trainer_hours=[(t.date, Decimal(t.hours)) for t in trainer.values() if t.session_id in sessions],
                billable_days=[day for _, day in days]),
            *return_to_work_quantities(eligible, order.return_to_work_bonus_cents),
            *continuity_quantities(order, sessions, orders, order_of, live_stays.values()),
            *milestone_quantities((m.milestone_id, m.achieved_on, m.bonus_cents)
                                  for m in achievements if m.order_id == order_id),
        ]
        if quantities:
            result[order_id] = sorted(quantities, key=line_sort_key)
    return result
