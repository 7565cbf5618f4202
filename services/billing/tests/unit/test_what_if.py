"""The what-if's pure domain against the reference model (tests/oracle/what_if.py) on random programmes,
to the cent; and its variation and reference prices on worked examples."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacte_billing.domain.what_if import OrderTerms, SessionDay, SessionFacts, StaySpan, reference_price, what_if
from pacte_billing.domain.what_if.variation import months_between, variation
from pacte_contracts.codes import BillingUnit

from ..oracle import what_if as oracle

START = date(2019, 11, 18)
HOURS = st.sampled_from(["0", "1.5", "3.25", "3.5", "6", "7", "7.5"])


@st.composite
def programmes(draw: Any) -> tuple[oracle.Declared, dict[str, int]]:
    """Scenario lines of a few lots and sessions, with re-sent declarations, applied to the model."""
    declared = oracle.Declared()
    lines: list[dict[str, Any]] = []
    for n in range(draw(st.integers(1, 3))):
        unit = draw(st.sampled_from([u.value for u in BillingUnit]))
        lines += [{"cmd": "lot.define", "lot_id": f"L{n}", "tender_id": f"T{n % 2}", "billing_unit": unit,
                   "unit_price_cents": draw(st.integers(0, 120_000))},
                  {"cmd": "lot.award", "lot_id": f"L{n}", "organisation_id": f"O{n % 2}"},
                  {"cmd": "order.place", "order_id": f"B{n}", "lot_id": f"L{n}"}]
        for k in range(draw(st.integers(1, 2))):
            sid, first = f"S{n}{k}", START + timedelta(days=draw(st.integers(0, 60)))
            planned = [first + timedelta(days=i) for i in range(draw(st.integers(1, 50)))]
            lines.append({"cmd": "session.schedule", "session_id": sid, "order_id": f"B{n}",
                          "planned_days": [d.isoformat() for d in planned]})
            lines += draw(_declarations(sid, planned))
    for line in lines:
        declared.apply(line)
    prices = {u.value: draw(st.integers(0, 150_000)) for u in BillingUnit}
    return declared, prices


@st.composite
def _declarations(draw: Any, sid: str, planned: list[date]) -> list[dict[str, Any]]:
    day = st.sampled_from(planned)
    out: list[dict[str, Any]] = []
    for t in range(draw(st.integers(0, 4))):
        enrolled = draw(day)
        out.append({"cmd": "trainee.enrol", "session_id": sid, "trainee_id": f"t{t}", "date": enrolled.isoformat()})
        later = [d for d in planned if d >= enrolled]
        for d in draw(st.lists(st.sampled_from(later), max_size=12)):  # some twice: a correction replaces
            out.append({"cmd": "attendance.record", "session_id": sid, "trainee_id": f"t{t}", "date": d.isoformat(),
                        "hours_present": draw(HOURS)})
        if draw(st.booleans()):
            out.append({"cmd": draw(st.sampled_from(["trainee.dropout", "trainee.complete"])), "session_id": sid,
                        "trainee_id": f"t{t}", "date": draw(st.sampled_from(later)).isoformat()})
    for d in draw(st.lists(day, max_size=15)):
        out.append({"cmd": "session.open_day", "session_id": sid, "date": d.isoformat()})
    for d in draw(st.lists(day, max_size=6)):
        out.append({"cmd": "session.open_day_withdraw", "session_id": sid, "date": d.isoformat()})
    for d in draw(st.lists(day, max_size=10)):
        out.append({"cmd": "trainer.hours", "session_id": sid, "trainer_id": draw(st.sampled_from(["A", "B"])),
                    "date": d.isoformat(), "hours": draw(HOURS)})
    return out


def _facts(declared: oracle.Declared) -> tuple[list[OrderTerms], list[SessionFacts]]:
    """The model's declarations as the ledger adapter hands them over: summed per (session, day)."""
    orders = {o: OrderTerms(o, t["lot_id"], BillingUnit(t["billing_unit"]), t["unit_price_cents"])
              for o, t in declared.orders.items()}
    sessions = []
    for sid, s in declared.sessions.items():
        days: dict[date, dict[str, Any]] = defaultdict(lambda: {"records": 0, "present": 0, "hours": Decimal(0),
                                                               "trainer": Decimal(0)})
        for (_, d), hours in s.attendance.items():
            days[d]["records"] += 1
            days[d]["present"] += hours > 0
            days[d]["hours"] += hours
        for (_, d), hours in s.trainer.items():
            days[d]["trainer"] += hours
        for d in s.open_days:
            days.setdefault(d, days.default_factory())  # type: ignore[misc]  # a day declared open and nothing else
        sessions.append(SessionFacts(sid, orders[s.order_id], tuple(StaySpan(*v) for v in s.stays.values()), tuple(
            SessionDay(d, d in s.open_days, v["records"], v["present"], v["hours"], v["trainer"])
            for d, v in sorted(days.items()))))
    return list(orders.values()), sessions


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes(), st.sampled_from([("lot", "L0"), ("organisation", "O0"), ("tender", "T1"), ("lot", "L2")]))
def test_every_unit_to_the_cent_against_the_model(programme: tuple[oracle.Declared, dict[str, int]],
                                                  scope: tuple[str, str]) -> None:
    declared, prices = programme
    in_scope = declared.scope(*scope)
    orders, sessions = _facts(declared)
    result = what_if([o for o in orders if o.order_id in in_scope],
                     [s for s in sessions if s.order.order_id in in_scope],
                     {BillingUnit(u): p for u, p in prices.items()}, {})
    expected = oracle.what_if(declared, in_scope, prices)
    by_month = dict(zip(result.months, result.actual.monthly_cents, strict=True))
    assert {m: c for m, c in by_month.items() if c} == {m: c for m, c in expected["actual"].items() if c}
    for unit in result.units:
        assert unit.quantity == expected["quantity"][unit.unit.value]
        if unit.series is None:
            continue
        monthly = dict(zip(result.months, unit.series.monthly_cents, strict=True))
        assert {m: c for m, c in monthly.items() if c} == {m: c for m, c in expected[unit.unit.value].items() if c}
        assert unit.series.total_cents == sum(expected[unit.unit.value].values())


def test_variation_of_a_monthly_revenue() -> None:
    v = variation([100_000, 80_000, 80_000, 125_001])
    assert v.changes == (None, -20_000, 0, 45_001)
    assert v.mean_monthly_cents == 96_250  # 385,001 / 4 = 96,250.25
    assert v.mean_absolute_change_cents == 21_667  # 65,001 / 3 = 21,667.0 exactly
    assert v.relative_variation == Decimal("0.2251")  # 21,667 / 96,250.25
    assert (v.largest_fall_cents, v.largest_rise_cents, v.months_falling) == (-20_000, 45_001, 1)
    assert variation([5]).mean_absolute_change_cents is None and variation([]).mean_monthly_cents is None
    assert variation([0, 0]).relative_variation is None


def test_months_between_crosses_years() -> None:
    assert months_between("2019-11", "2020-02") == ["2019-11", "2019-12", "2020-01", "2020-02"]


def test_reference_price_is_the_median_half_up() -> None:
    assert reference_price([]) is None
    assert reference_price([1200, 900, 1500]) == 1200
    assert reference_price([1200, 1201]) == 1201  # 1200.5 → 1201
    assert reference_price([1000, 1400, 2000, 90]) == 1200


def test_prices_left_out_come_from_the_contract_the_programme_then_the_break_even() -> None:
    order = OrderTerms("B", "L", BillingUnit.OPENING_DAY, 90_000)
    days = (SessionDay(date(2020, 1, 6), declared_open=True, attendance_records=2, trainees_present=1,
                       hours_present=Decimal("7")),
            SessionDay(date(2020, 1, 7), declared_open=True, attendance_records=2, trainees_present=2,
                       hours_present=Decimal("13.5")))
    stays = (StaySpan(date(2020, 1, 6), None, False), StaySpan(date(2020, 1, 6), date(2020, 1, 7), True))
    result = what_if([order], [SessionFacts("S", order, stays, days)], {BillingUnit.TRAINER_HOUR: 5000},
                     {BillingUnit.TRAINEE_HOUR: [1100, 1300]})
    by_unit = {u.unit: u for u in result.units}
    assert result.actual.total_cents == 180_000
    opening = by_unit[BillingUnit.OPENING_DAY]
    assert (opening.unit_price_cents, opening.price_source) == (90_000, "contract")
    trainee = by_unit[BillingUnit.TRAINEE_HOUR]
    assert (trainee.unit_price_cents, trainee.price_source, trainee.quantity) == (1200, "programme_median",
                                                                                 Decimal("20.5"))
    assert trainee.series is not None and trainee.series.total_cents == 24_600
    assert trainee.break_even_price_cents == 8780  # 180,000 / 20.5 = 8,780.49 cents per hour
    trainer = by_unit[BillingUnit.TRAINER_HOUR]
    assert trainer.sessions_declaring == 0 and trainer.series is None  # a lot billed by day declares no trainer hours
    assert result.counts[0].trainee_days == 4 and result.counts[0].absent_days == 1
    assert result.counts[0].dropouts == 1 and result.counts[0].entries == 2


def test_the_break_even_price_when_nothing_else_prices_a_unit() -> None:
    order = OrderTerms("B", "L", BillingUnit.TRAINEE_HOUR, 1_000)
    day = SessionDay(date(2020, 3, 2), attendance_records=1, trainees_present=1, hours_present=Decimal("7"))
    result = what_if([order], [SessionFacts("S", order, (StaySpan(date(2020, 3, 2), None, False),), (day,))], {}, {})
    opening = next(u for u in result.units if u.unit == BillingUnit.OPENING_DAY)
    assert (opening.quantity, opening.unit_price_cents, opening.price_source) == (1, 7_000, "break_even")
