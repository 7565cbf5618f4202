"""Random facts, corrections, redeliveries and closings against the billing invariants.

The model keeps only raw facts; every check recomputes what BILLING.md says the money must be
straight from them, independently of the quantity helpers' bookkeeping.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from pacte_billing.domain.invoicing import (
    CurrentQuantity,
    IssuedLine,
    accrued_cents,
    apply_ceiling,
    compute_lines,
    line_sort_key,
    lines_total,
)
from pacte_billing.domain.periods import period_le, period_of
from pacte_contracts.codes import LineKind
from pacte_contracts.rules import active_on, round_cents

from ..oracle import quantities as oracle
from ..oracle.activity import Stay, billable_open_days

PERIODS = ["2019-09", "2019-10", "2019-11", "2019-12"]
DATES = st.dates(min_value=date(2019, 9, 1), max_value=date(2019, 12, 31))
HOURS = st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n) / 100)
# Odd prices make quarter and half hours land on half cents, so rounding is really exercised.
PRICES = st.sampled_from([0, 1, 3, 50, 1234, 6500, 9999])
SESSIONS = ["S1", "S2"]
TRAINEES = ["T1", "T2", "T3"]
HOUR_KINDS = [LineKind.TRAINEE_HOUR, LineKind.TRAINER_HOUR]

Group = tuple[LineKind, str, str | None]


class BillingMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.prices: dict[LineKind, int] = {}
        self.ceiling = 0
        # key (kind, session, person, date) -> hours: a re-send replaces the value
        self.hours: dict[tuple[LineKind, str, str, date], Decimal] = {}
        self.open_days: set[tuple[str, date]] = set()
        self.stays: dict[tuple[str, str], Stay] = {}
        self.milestones: dict[str, tuple[date, int]] = {}
        self.rtw: dict[tuple[str, str], date] = {}
        self.closed: set[str] = set()
        self.issued: list[IssuedLine] = []
        self.payables: list[int] = []

    @initialize(
        trainee_price=PRICES,
        trainer_price=PRICES,
        day_price=PRICES,
        bonus=PRICES,
        ceiling=st.integers(0, 300_000),
    )
    def setup(self, trainee_price: int, trainer_price: int, day_price: int, bonus: int, ceiling: int) -> None:
        self.prices = {
            LineKind.TRAINEE_HOUR: trainee_price,
            LineKind.TRAINER_HOUR: trainer_price,
            LineKind.OPENING_DAY: day_price,
            LineKind.RETURN_TO_WORK: bonus,
        }
        self.ceiling = ceiling

    # --- facts -----------------------------------------------------------------------------

    @rule(
        kind=st.sampled_from(HOUR_KINDS),
        session=st.sampled_from(SESSIONS),
        person=st.sampled_from(TRAINEES),
        d=DATES,
        hours=HOURS,
    )
    def declare_hours(self, kind: LineKind, session: str, person: str, d: date, hours: Decimal) -> None:
        self.hours[(kind, session, person, d)] = hours

    @precondition(lambda self: bool(self.hours))
    @rule(data=st.data(), hours=HOURS)
    def correct_hours(self, data: st.DataObject, hours: Decimal) -> None:
        key = data.draw(st.sampled_from(sorted(self.hours, key=repr)))
        self.hours[key] = hours

    @precondition(lambda self: bool(self.hours))
    @rule(data=st.data())
    def redeliver_hours(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(self.hours, key=repr)))
        before = dict(self.hours)
        self.hours[key] = self.hours[key]
        assert self.hours == before

    @rule(session=st.sampled_from(SESSIONS), d=DATES)
    def declare_open_day(self, session: str, d: date) -> None:
        self.open_days.add((session, d))  # a set: re-declaring the same day is idempotent

    @rule(
        session=st.sampled_from(SESSIONS),
        trainee=st.sampled_from(TRAINEES),
        enrolled=DATES,
        exit_after=st.none() | st.integers(0, 40),
        completed=st.booleans(),
    )
    def enrol(
        self, session: str, trainee: str, enrolled: date, exit_after: int | None, completed: bool
    ) -> None:
        if exit_after is None:
            stay = Stay(session, trainee, enrolled, None, None)
        else:
            exited = date.fromordinal(enrolled.toordinal() + exit_after)
            stay = Stay(session, trainee, enrolled, exited, "completed" if completed else "dropped_out")
        self.stays[(session, trainee)] = stay

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

    def expected(self) -> dict[Group, tuple[Decimal, int, int]]:
        """Per group: (total quantity, price, round_cents(total × price)), from the facts."""
        qty: dict[Group, Decimal] = defaultdict(Decimal)
        price: dict[Group, int] = {}
        for (kind, _, _, d), h in self.hours.items():
            qty[(kind, period_of(d), None)] += h
            price[(kind, period_of(d), None)] = self.prices[kind]
        for session, d in self.open_days:
            if any(s.session_id == session and active_on(s.enrolled_on, s.exited_on, d) for s in self.stays.values()):
                qty[(LineKind.OPENING_DAY, period_of(d), None)] += 1
                price[(LineKind.OPENING_DAY, period_of(d), None)] = self.prices[LineKind.OPENING_DAY]
        for d in self.rtw.values():
            qty[(LineKind.RETURN_TO_WORK, period_of(d), None)] += 1
            price[(LineKind.RETURN_TO_WORK, period_of(d), None)] = self.prices[LineKind.RETURN_TO_WORK]
        for m, (d, b) in self.milestones.items():
            qty[(LineKind.MILESTONE, period_of(d), m)] += 1
            price[(LineKind.MILESTONE, period_of(d), m)] = b
        return {g: (q, price[g], round_cents(q * price[g])) for g, q in qty.items()}

    def issued_by_group(self) -> dict[Group, tuple[Decimal, int]]:
        out: dict[Group, tuple[Decimal, int]] = {}
        for line in self.issued:
            q, a = out.get(line.key, (Decimal(0), 0))
            out[line.key] = (q + line.quantity, a + line.amount_cents)
        return out

    # --- closing -------------------------------------------------------------------------------

    @rule(period=st.sampled_from(PERIODS))
    def close(self, period: str) -> None:
        if period in self.closed:
            return  # closing twice changes nothing
        self.closed.add(period)
        lines = compute_lines(period, self.current(), self.issued)
        assert lines == sorted(lines, key=line_sort_key)
        for line in lines:
            assert period_le(line.origin_period, period)
            assert line.quantity != 0 or line.amount_cents != 0
            assert line.unit_price_cents != 0, "a zero price/bonus never makes a line"
        if lines:
            result = apply_ceiling(
                lines_total(lines), lines_total(self.issued), sum(self.payables), self.ceiling
            )
            assert result.total_cents == result.payable_cents + result.over_ceiling_cents
            self.issued.extend(line.as_issued() for line in lines)
            self.payables.append(result.payable_cents)

        # Right after closing P, every group of P or earlier is billed exactly, to the cent.
        expected = self.expected()
        issued = self.issued_by_group()
        for group in expected.keys() | issued.keys():
            if not period_le(group[1], period):
                continue
            q, price, amount = expected.get(group, (Decimal(0), None, 0))
            got_q, got_amount = issued.get(group, (Decimal(0), 0))
            assert got_amount == amount, (group, got_amount, amount)
            if price != 0:
                # Quantities add up too, except where a zero price/bonus never made a line.
                assert got_q == q, (group, got_q, q)

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def payable_respects_the_ceiling(self) -> None:
        total_payable = sum(self.payables)
        assert total_payable <= self.ceiling
        assert total_payable == min(lines_total(self.issued), self.ceiling)

    @invariant()
    def accrual_is_billable_minus_invoiced(self) -> None:
        if not self.prices:
            return
        billable = sum(amount for _, _, amount in self.expected().values())
        assert accrued_cents(self.current(), self.issued) == billable - lines_total(self.issued)


TestBilling = BillingMachine.TestCase
TestBilling.settings = settings(
    max_examples=100, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
