"""The whole programme in file order: the buyer's set-up and the holders' plans, then month after
month the organisations' declarations (merged by date across sessions) and the back-office's month end."""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from datetime import date
from typing import Any

from pacte_cli.scenario.generator import back_office
from pacte_cli.scenario.generator.calendar import Calendar
from pacte_cli.scenario.generator.declarations import Event, declarations
from pacte_cli.scenario.generator.faults import Faults, refused_approval, refused_back_office
from pacte_cli.scenario.generator.month_end import MonthEnd
from pacte_cli.scenario.generator.pathways import Persons, continuity_bonuses
from pacte_cli.scenario.generator.plans import plan
from pacte_cli.scenario.generator.programme import build_programme
from pacte_cli.scenario.generator.shape import SHORT, Shape
from pacte_cli.scenario.generator.skeleton import Lot, Session


def programme_commands(seed: int, lots: int, sessions_per_lot: int, months: int, faults: float, start: date,
                       shape: Shape = SHORT) -> Iterator[dict[str, Any]]:
    # One generator drives everything; the children are seeded from it in a fixed order.
    rng = random.Random(seed)
    cal = Calendar(start, months)
    organisations, programme = build_programme(rng, cal, lots, sessions_per_lot, shape)
    continuity_bonuses(seed, programme)
    refusals = Faults(random.Random(rng.getrandbits(64)), faults, organisations)
    office_rng = random.Random(rng.getrandbits(64))
    plan_rng = random.Random(rng.getrandbits(64))
    yield from _buyer_set_up(rng, programme, lots, faults, start)
    awarded = [lot for lot in programme if not lot.unsuccessful]
    # The holders' improvement plans, before their first declarations.
    plans = [plan(plan_rng, lot, cal) for lot in awarded]
    yield from (command for command, _ in plans)
    manual_due: dict[int, list[tuple[str, date]]] = {}
    for _, manual in plans:
        if manual is not None:
            manual_due.setdefault(cal.index(manual[1]), []).append(manual)
    month_end = MonthEnd(office_rng, cal, manual_due)
    yield from _months(cal, awarded, refusals, month_end, lots, start, Persons.for_seed(seed))


def _buyer_set_up(rng: random.Random, programme: list[Lot], lots: int, faults: float, start: date
                  ) -> Iterator[dict[str, Any]]:
    budgets = back_office.tender_budgets(rng, programme)
    yield from back_office.tenders(budgets, start)
    yield from back_office.lots_and_orders(programme)
    if faults > 0:
        yield from refused_back_office(programme, budgets, lots, start)
    yield from back_office.jobseeker_counts(rng)


def _months(cal: Calendar, awarded: list[Lot], refusals: Faults, month_end: MonthEnd, lots: int, start: date,
            persons: Persons) -> Iterator[dict[str, Any]]:
    running = _Running(cal, f"P{start.year}-", persons)
    by_month = _sessions_by_start_month(awarded)
    heap = running.heap
    for m in range(cal.months):
        for session in by_month.get(m, ()):
            if not session.cancelled:
                running.start(session)
        end = cal.month_end(m)
        while heap and heap[0][0] <= end:
            _when, _order, _rank, cmd, tag, events, session = heapq.heappop(heap)
            if refusals.strike():
                yield from refusals.pair(cmd, session.lot.holder)
            else:
                yield cmd
            if tag is True:
                month_end.billed(m, session.lot.order_id)
            elif tag is not None:
                month_end.exited(tag)
            running.push(session, events)
        yield from month_end.close(m)
        if refusals.share > 0 and m == 0:
            yield refused_approval(lots, cal.period(0))
        for session in by_month.get(m + 1, ()) if m + 1 < cal.months else ():
            yield from back_office.schedule(session)


def _sessions_by_start_month(awarded: list[Lot]) -> dict[int, list[Session]]:
    """Cancelled sessions included: they are scheduled, then cancelled."""
    by_month: dict[int, list[Session]] = {}
    for lot in awarded:
        for session in lot.sessions:
            by_month.setdefault(session.start_month, []).append(session)
    for sessions in by_month.values():
        sessions.sort(key=lambda s: s.order)
    return by_month


class _Running:
    """The sessions running, their next commands merged by emit date (then session, then rank)."""

    def __init__(self, cal: Calendar, prefix: str, persons: Persons) -> None:
        self.cal = cal
        self.prefix = prefix
        self.persons = persons
        self.trainee_numbers = iter(range(1, 1 << 62))
        self.heap: list[tuple[date, int, int, dict[str, Any], Any, Iterator[Event], Session]] = []

    def start(self, session: Session) -> None:
        self.push(session, declarations(session, self.trainee_numbers, self.prefix, self.cal, self.persons))

    def push(self, session: Session, events: Iterator[Event]) -> None:
        """Queues the session's next command, if any."""
        event = next(events, None)
        if event is not None:
            when, rank, cmd, tag = event
            heapq.heappush(self.heap, (when, session.order, rank, cmd, tag, events, session))
