"""Random facts, corrections, withdrawals, cancelled enrolments, disputes, re-issues, order closings and
period closings against the billing invariants.

The model keeps only raw facts; every check recomputes what BILLING.md says the money must be
straight from them, independently of the quantity helpers' bookkeeping. The invariant of every
issuing (a closing or a re-issue of period X): the counting lines of each (kind, origin period ≤ X)
add up to round_half_up(total quantity × price), quantities too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from pacte_billing.domain.drafting import Billed, draft_invoice
from pacte_billing.domain.invoicing import (
    CurrentQuantity,
    InvoiceLine,
    accrued_cents,
    line_sort_key,
    lines_total,
)
from pacte_billing.domain.orders import earned_so_far
from pacte_billing.domain.periods import parse_period, period_of
from pacte_contracts.codes import LineKind
from pacte_contracts.rules import active_on, round_cents

from ..oracle import quantities as oracle
from ..oracle.activity import Stay, billable_open_days

PERIODS = ["2019-09", "2019-10", "2019-11", "2019-12"]
DATES = st.dates(min_value=date(2019, 9, 1), max_value=date(2019, 12, 31))
# Zero often: only an enrolment with no hours attended can be cancelled.
HOURS = st.just(Decimal(0)) | st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n) / 100)
# Odd prices make quarter and half hours land on half cents, so rounding is really exercised; 0 is a free lot.
PRICES = st.sampled_from([0, 1, 3, 50, 1234, 6500, 9999])
SESSIONS = ["S1", "S2"]
TRAINEES = ["T1", "T2", "T3"]
HOUR_KINDS = [LineKind.TRAINEE_HOUR, LineKind.TRAINER_HOUR]

Group = tuple[LineKind, str, str | None]


@dataclass
class Invoice:
    period: str
    version: int
    lines: list[InvoiceLine]
    total_cents: int
    payable_cents: int
    status: str = "issued"

    @property
    def counts(self) -> bool:
        return self.status != "disputed"


class BillingMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.prices: dict[LineKind, int] = {}
        self.ceiling = 0
        self.order_closed = False
        # key (kind, session, person, date) -> hours: a re-send replaces the value
        self.hours: dict[tuple[LineKind, str, str, date], Decimal] = {}
        self.open_days: set[tuple[str, date]] = set()
        self.stays: dict[tuple[str, str], Stay] = {}
        self.milestones: dict[str, tuple[date, int]] = {}
        self.rtw: dict[tuple[str, str], date] = {}
        self.closed: set[str] = set()
        self.invoices: list[Invoice] = []

    @initialize(trainee_price=PRICES, trainer_price=PRICES, day_price=PRICES, bonus=PRICES,
                ceiling=st.integers(0, 300_000))
    def setup(self, trainee_price: int, trainer_price: int, day_price: int, bonus: int, ceiling: int) -> None:
        self.prices = {LineKind.TRAINEE_HOUR: trainee_price, LineKind.TRAINER_HOUR: trainer_price,
                       LineKind.OPENING_DAY: day_price, LineKind.RETURN_TO_WORK: bonus}
        self.ceiling = ceiling

    # --- facts -----------------------------------------------------------------------------

    @rule(kind=st.sampled_from(HOUR_KINDS), session=st.sampled_from(SESSIONS), person=st.sampled_from(TRAINEES),
          d=DATES, hours=HOURS)
    def declare_hours(self, kind: LineKind, session: str, person: str, d: date, hours: Decimal) -> None:
        self.hours[(kind, session, person, d)] = hours

    @precondition(lambda self: bool(self.hours))
    @rule(data=st.data(), hours=HOURS)
    def correct_hours(self, data: st.DataObject, hours: Decimal) -> None:
        key = data.draw(st.sampled_from(sorted(self.hours, key=repr)))
        self.hours[key] = hours

    @rule(session=st.sampled_from(SESSIONS), d=DATES)
    def declare_open_day(self, session: str, d: date) -> None:
        self.open_days.add((session, d))  # a set: re-declaring the same day is idempotent

    @precondition(lambda self: bool(self.open_days))
    @rule(data=st.data())
    def withdraw_open_day(self, data: st.DataObject) -> None:
        self.open_days.discard(data.draw(st.sampled_from(sorted(self.open_days))))

    @rule(session=st.sampled_from(SESSIONS), trainee=st.sampled_from(TRAINEES), enrolled=DATES,
          exit_after=st.none() | st.integers(0, 40), completed=st.booleans())
    def enrol(self, session: str, trainee: str, enrolled: date, exit_after: int | None, completed: bool) -> None:
        if exit_after is None:
            stay = Stay(session, trainee, enrolled, None, None)
        else:
            exited = date.fromordinal(enrolled.toordinal() + exit_after)
            stay = Stay(session, trainee, enrolled, exited, "completed" if completed else "dropped_out")
        self.stays[(session, trainee)] = stay

    def cancellable(self) -> list[tuple[str, str]]:
        """Enrolments with no exit and no hour attended (BILLING.md)."""
        return sorted(k for k, s in self.stays.items() if s.exited_on is None and not any(
            h > 0 for (kind, session, person, _), h in self.hours.items()
            if kind is LineKind.TRAINEE_HOUR and (session, person) == k))

    @precondition(lambda self: bool(self.cancellable()))
    @rule(data=st.data())
    def cancel_enrolment(self, data: st.DataObject) -> None:
        """The stay never existed: it and its (zero-hour) records are withdrawn."""
        session, trainee = data.draw(st.sampled_from(self.cancellable()))
        del self.stays[(session, trainee)]
        event("enrolment cancelled")
        for key in [k for k in self.hours if k[0] is LineKind.TRAINEE_HOUR and (k[1], k[2]) == (session, trainee)]:
            del self.hours[key]

    @rule(milestone=st.sampled_from(["M-1", "M-2", "M-10"]), d=DATES, bonus=PRICES)
    def achieve_milestone(self, milestone: str, d: date, bonus: int) -> None:
        self.milestones.setdefault(milestone, (d, bonus))  # achieved once, never re-achieved

    @rule(session=st.sampled_from(SESSIONS), trainee=st.sampled_from(TRAINEES), d=DATES)
    def employed_durable(self, session: str, trainee: str, d: date) -> None:
        stay = self.stays.get((session, trainee))
        if stay is not None and stay.completed:
            self.rtw.setdefault((session, trainee), d)  # once per (trainee, session)

    # --- the domain's view ---------------------------------------------------------------------

    def current(self) -> list[CurrentQuantity]:
        trainee = [(k[3], h) for k, h in self.hours.items() if k[0] is LineKind.TRAINEE_HOUR]
        trainer = [(k[3], h) for k, h in self.hours.items() if k[0] is LineKind.TRAINER_HOUR]
        days = [d for _, d in billable_open_days(self.open_days, self.stays.values())]
        return [
            *oracle.trainee_hour_quantities(trainee, self.prices[LineKind.TRAINEE_HOUR]),
            *oracle.trainer_hour_quantities(trainer, self.prices[LineKind.TRAINER_HOUR]),
            *oracle.opening_day_quantities(days, self.prices[LineKind.OPENING_DAY]),
            *oracle.return_to_work_quantities(self.rtw.values(), self.prices[LineKind.RETURN_TO_WORK]),
            *oracle.milestone_quantities((m, d, b) for m, (d, b) in self.milestones.items()),
        ]

    def expected(self) -> dict[Group, tuple[Decimal, int]]:
        """Per group: (total quantity, round_cents(total × price)), from the facts; a bonus of 0 is nothing."""
        qty: dict[Group, Decimal] = defaultdict(Decimal)
        price: dict[Group, int] = {}

        def add(group: Group, quantity: Decimal, unit_price: int) -> None:
            qty[group] += quantity
            price[group] = unit_price

        for (kind, _, _, d), h in self.hours.items():
            add((kind, period_of(d), None), h, self.prices[kind])
        for session, d in self.open_days:
            if any(s.session_id == session and active_on(s.enrolled_on, s.exited_on, d) for s in self.stays.values()):
                add((LineKind.OPENING_DAY, period_of(d), None), Decimal(1), self.prices[LineKind.OPENING_DAY])
        bonus = self.prices[LineKind.RETURN_TO_WORK]
        for d in self.rtw.values() if bonus else ():
            add((LineKind.RETURN_TO_WORK, period_of(d), None), Decimal(1), bonus)
        for m, (d, b) in self.milestones.items():
            if b:
                add((LineKind.MILESTONE, period_of(d), m), Decimal(1), b)
        return {g: (q, round_cents(q * price[g])) for g, q in qty.items()}

    def counting(self) -> list[Invoice]:
        return [i for i in self.invoices if i.counts]

    def billed(self) -> Billed:
        counting = self.counting()
        return Billed([line.as_issued() for i in counting for line in i.lines],
                      sum(i.total_cents for i in counting), sum(i.payable_cents for i in counting))

    def latest(self) -> dict[str, Invoice]:
        found: dict[str, Invoice] = {}
        for invoice in self.invoices:
            if invoice.period not in found or invoice.version > found[invoice.period].version:
                found[invoice.period] = invoice
        return found

    def with_latest(self, *statuses: str) -> list[str]:
        return sorted(p for p, i in self.latest().items() if i.status in statuses)

    # --- invoices ------------------------------------------------------------------------------

    def issue(self, period: str, *, reissue: bool) -> None:
        draft = draft_invoice(period, self.current(), self.billed(), self.ceiling, reissue=reissue)
        if draft is None:
            assert not reissue, "a re-issue is always issued"
            return
        assert draft.lines == sorted(draft.lines, key=line_sort_key)
        for line in draft.lines:
            assert parse_period(line.origin_period) <= parse_period(period)
            assert line.quantity != 0 or line.amount_cents != 0
        amounts = draft.amounts
        assert amounts.total_cents == lines_total(draft.lines) == amounts.payable_cents + amounts.over_ceiling_cents
        event("re-issue" if reissue else "closing invoice", "empty" if not draft.lines else "with lines")
        if amounts.payable_cents < 0:
            event("negative payable")
        version = self.latest()[period].version + 1 if period in self.latest() else 1
        self.invoices.append(Invoice(period, version, draft.lines, amounts.total_cents, amounts.payable_cents))
        self.check_billed_up_to(period)

    def check_billed_up_to(self, period: str) -> None:
        """Right after issuing for X, every group of X or earlier is billed exactly, to the cent, by the
        counting invoices; without a pending dispute, their payable is min(their lines, the ceiling)."""
        expected = self.expected()
        issued: dict[Group, tuple[Decimal, int]] = {}
        for line in (line for i in self.counting() for line in i.lines):
            q, a = issued.get(line.key, (Decimal(0), 0))
            issued[line.key] = (q + line.quantity, a + line.amount_cents)
        for group in expected.keys() | issued.keys():
            if parse_period(group[1]) <= parse_period(period):
                assert issued.get(group, (Decimal(0), 0)) == expected.get(group, (Decimal(0), 0)), group
        if not self.with_latest("disputed"):
            billed = self.billed()
            assert billed.payable_cents == min(billed.lines_total_cents, self.ceiling)

    @rule(period=st.sampled_from(PERIODS))
    def close(self, period: str) -> None:
        if period in self.closed:
            return  # closing twice changes nothing
        self.closed.add(period)
        for disputed in self.with_latest("disputed"):  # re-issues first, in period order (one order)
            self.issue(disputed, reissue=True)
        self.issue(period, reissue=False)

    @precondition(lambda self: bool(self.with_latest("issued")))
    @rule(data=st.data())
    def approve(self, data: st.DataObject) -> None:
        self.latest()[data.draw(st.sampled_from(self.with_latest("issued")))].status = "approved"

    @precondition(lambda self: bool(self.with_latest("approved")))
    @rule(data=st.data())
    def pay(self, data: st.DataObject) -> None:
        self.latest()[data.draw(st.sampled_from(self.with_latest("approved")))].status = "paid"

    @precondition(lambda self: bool(self.with_latest("issued", "approved")))
    @rule(data=st.data())
    def dispute(self, data: st.DataObject) -> None:
        self.latest()[data.draw(st.sampled_from(self.with_latest("issued", "approved")))].status = "disputed"
        event("dispute")

    @precondition(lambda self: bool(self.with_latest("disputed")))
    @rule(data=st.data())
    def reissue(self, data: st.DataObject) -> None:
        self.issue(data.draw(st.sampled_from(self.with_latest("disputed"))), reissue=True)

    @precondition(lambda self: not self.order_closed and not self.with_latest("disputed") and bool(self.prices))
    @rule()
    def close_order(self) -> None:
        billed = self.billed()
        lowered = earned_so_far(self.ceiling, billed.payable_cents, accrued_cents(self.current(), billed.lines))
        assert 0 <= lowered <= self.ceiling
        self.ceiling, self.order_closed = lowered, True
        event("order closed")

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def accrual_is_billable_minus_counting_lines(self) -> None:
        if not self.prices:
            return
        billable = sum(amount for _, amount in self.expected().values())
        assert accrued_cents(self.current(), self.billed().lines) == billable - self.billed().lines_total_cents

    @invariant()
    def a_disputed_version_is_replaced_only_by_a_later_one(self) -> None:
        for period, latest in self.latest().items():
            versions = sorted(i.version for i in self.invoices if i.period == period)
            assert versions == list(range(1, latest.version + 1))
            assert all(i.status == "disputed" for i in self.invoices if i.period == period and i is not latest)


TestBilling = BillingMachine.TestCase
TestBilling.settings = settings(
    max_examples=150, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
