from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from pacte_billing.domain.ceiling import CeilingResult, apply_ceiling, ceiling_reached
from pacte_billing.domain.invoicing import (
    CurrentQuantity,
    InvoiceLine,
    IssuedLine,
    accrued_cents,
    compute_lines,
    line_sort_key,
    lines_total,
)
from pacte_contracts.codes import LineKind
from pacte_contracts.rules import canonical_quantity

from ..oracle import quantities as oracle

D = date
Q = Decimal
K = LineKind


@dataclass
class Order:
    """Test double of the service: issues invoices the way BILLING.md says, from domain calls."""

    ceiling: int
    issued: list[IssuedLine] = field(default_factory=list)
    invoices: list[tuple[str, list[InvoiceLine], CeilingResult]] = field(default_factory=list)

    def close(
        self, period: str, current: list[CurrentQuantity]
    ) -> tuple[list[InvoiceLine], CeilingResult] | None:
        lines = compute_lines(period, current, self.issued)
        if not lines:
            return None
        earlier_total = lines_total(self.issued)
        earlier_payable = sum(r.payable_cents for _, _, r in self.invoices)
        result = apply_ceiling(lines_total(lines), earlier_total, earlier_payable, self.ceiling)
        self.issued.extend(line.as_issued() for line in lines)
        self.invoices.append((period, lines, result))
        return lines, result


def report(lines: list[InvoiceLine]) -> list[tuple[str, str, str, int, int, str | None]]:
    return [
        (
            str(x.kind),
            x.origin_period,
            canonical_quantity(x.quantity),
            x.unit_price_cents,
            x.amount_cents,
            x.ref,
        )
        for x in lines
    ]


# --- small scenario, replayed through the domain --------------------------------------------


def test_small_scenario_bc1_trainer_hours_milestones_and_correction() -> None:
    order = Order(ceiling=2_000_000)
    hours: dict[tuple[str, date], Decimal] = {("F-A", D(2019, 9, d)): Q(7) for d in (23, 24, 25, 26, 27, 30)}
    hours[("F-B", D(2019, 9, 25))] = Q("2.5")
    milestones = [("M-1", D(2019, 9, 30), 150_000)]

    def current() -> list[CurrentQuantity]:
        return (
            oracle.trainer_hour_quantities(((d, h) for (_, d), h in hours.items()), 6500)
            + oracle.milestone_quantities(milestones)
            + oracle.return_to_work_quantities(rtw, 30_000)
        )

    rtw: list[date] = []
    first = order.close("2019-09", current())
    assert first is not None
    assert report(first[0]) == [
        ("milestone", "2019-09", "1", 150_000, 150_000, "M-1"),
        ("trainer_hour", "2019-09", "44.5", 6500, 289_250, None),
    ]
    assert first[1] == CeilingResult(439_250, 439_250, 0)

    for d in (1, 2, 3, 4):
        hours[("F-A", D(2019, 10, d))] = Q(7)
    hours[("F-A", D(2019, 9, 30))] = Q(6)  # correction of an invoiced day
    hours[("F-A", D(2019, 10, 3))] = Q(7)  # re-sent, same value
    milestones.append(("M-3", D(2019, 11, 15), 80_000))  # validated in 2019-11: not yet due
    second = order.close("2019-10", current())
    assert second is not None
    assert report(second[0]) == [
        ("trainer_hour", "2019-09", "-1", 6500, -6500, None),
        ("trainer_hour", "2019-10", "28", 6500, 182_000, None),
    ]
    assert second[1] == CeilingResult(175_500, 175_500, 0)

    # Re-closing 2019-09 now would bill nothing new for it (the service also ignores it).
    assert compute_lines("2019-09", current(), order.issued) == []

    rtw.append(D(2020, 4, 4))  # TR-001 completed; TR-004 dropped out and earns nothing
    third = order.close("2020-04", current())
    assert third is not None
    assert report(third[0]) == [
        ("milestone", "2019-11", "1", 80_000, 80_000, "M-3"),
        ("return_to_work", "2020-04", "1", 30_000, 30_000, None),
    ]
    assert third[1] == CeilingResult(110_000, 110_000, 0)
    assert accrued_cents(current(), order.issued) == 0

    hours[("F-A", D(2019, 10, 4))] = Q("7.5")  # after the last closing: accrues only
    assert accrued_cents(current(), order.issued) == 3250


def test_small_scenario_bc2_opening_days() -> None:
    order = Order(ceiling=1_000_000)
    days = [D(2019, 9, 26), D(2019, 9, 27), D(2019, 9, 30), D(2019, 10, 1), D(2019, 10, 2)]
    first = order.close("2019-09", oracle.opening_day_quantities(days, 95_000))
    assert first is not None
    assert report(first[0]) == [("opening_day", "2019-09", "3", 95_000, 285_000, None)]
    second = order.close("2019-10", oracle.opening_day_quantities(days, 95_000))
    assert second is not None
    assert report(second[0]) == [("opening_day", "2019-10", "2", 95_000, 190_000, None)]


def test_small_scenario_bc3_rounding_correction_and_ceiling() -> None:
    order = Order(ceiling=60_000)
    attendance: dict[tuple[str, date], Decimal] = {
        ("TR-021", D(2019, 9, 30)): Q("7.5"),
        ("TR-022", D(2019, 9, 30)): Q("3.25"),
    }

    def current() -> list[CurrentQuantity]:
        return oracle.trainee_hour_quantities(
            ((d, h) for (_, d), h in attendance.items()), 1234
        ) + oracle.return_to_work_quantities(rtw, 25_000)

    rtw: list[date] = []
    first = order.close("2019-09", current())
    assert first is not None
    assert report(first[0]) == [("trainee_hour", "2019-09", "10.75", 1234, 13_266, None)]
    assert first[1] == CeilingResult(13_266, 13_266, 0)

    attendance[("TR-023", D(2019, 9, 30))] = Q("7.5")  # late
    for t in ("TR-021", "TR-022", "TR-023"):
        attendance[(t, D(2019, 10, 1))] = Q("7.5")
    attendance[("TR-022", D(2019, 9, 30))] = Q("7.5")  # correction 3.25 -> 7.5
    second = order.close("2019-10", current())
    assert second is not None
    # 22.5 h x 1234 = 27765 in all for 2019-09, of which 13266 already billed.
    assert report(second[0]) == [
        ("trainee_hour", "2019-09", "11.75", 1234, 14_499, None),
        ("trainee_hour", "2019-10", "22.5", 1234, 27_765, None),
    ]
    assert second[1] == CeilingResult(42_264, 42_264, 0)

    rtw.append(D(2020, 4, 1))
    third = order.close("2020-04", current())
    assert third is not None
    assert report(third[0]) == [("return_to_work", "2020-04", "1", 25_000, 25_000, None)]
    assert third[1] == CeilingResult(25_000, 4470, 20_530)
    assert ceiling_reached(13_266 + 42_264, 4470, 60_000)


# --- compute_lines --------------------------------------------------------------------------


def cq(kind: LineKind, origin: str, qty: str, price: int, ref: str | None = None) -> CurrentQuantity:
    return CurrentQuantity(kind, origin, ref, Q(qty), price)


def il(kind: LineKind, origin: str, qty: str, price: int, amount: int, ref: str | None = None) -> IssuedLine:
    return IssuedLine(kind, origin, ref, Q(qty), price, amount)


def test_future_periods_wait_for_their_closing() -> None:
    current = [cq(K.TRAINEE_HOUR, "2019-09", "1", 100), cq(K.TRAINEE_HOUR, "2019-10", "2", 100)]
    assert [x.origin_period for x in compute_lines("2019-09", current, [])] == ["2019-09"]
    assert [x.origin_period for x in compute_lines("2019-10", current, [])] == ["2019-09", "2019-10"]


def test_correction_amount_makes_the_group_add_up_to_the_rounded_total() -> None:
    # 0.5 h x 1 cent = 0.5 -> 1; then +0.5 h -> 1 cent total, so the correction is worth 0 cents
    # but still carries its quantity.
    issued = [il(K.TRAINER_HOUR, "2019-09", "0.5", 1, 1)]
    lines = compute_lines("2019-10", [cq(K.TRAINER_HOUR, "2019-09", "1", 1)], issued)
    assert report(lines) == [("trainer_hour", "2019-09", "0.5", 1, 0, None)]


def test_amount_only_difference_still_produces_a_line() -> None:
    # Hypothetical earlier line carrying a rounding leftover: the quantity is unchanged but
    # the group must still be brought back to round_half_up(total x price).
    issued = [il(K.TRAINEE_HOUR, "2019-09", "1.5", 3, 4), il(K.TRAINEE_HOUR, "2019-09", "1.5", 3, 4)]
    lines = compute_lines("2019-10", [cq(K.TRAINEE_HOUR, "2019-09", "3", 3)], issued)
    assert report(lines) == [("trainee_hour", "2019-09", "0", 3, 1, None)]


def test_unchanged_groups_give_no_line() -> None:
    issued = [il(K.OPENING_DAY, "2019-09", "3", 95_000, 285_000)]
    assert compute_lines("2019-10", [cq(K.OPENING_DAY, "2019-09", "3", 95_000)], issued) == []


def test_group_corrected_away_gives_a_negative_line_at_the_issued_price() -> None:
    issued = [
        il(K.TRAINEE_HOUR, "2019-09", "10.75", 1234, 13_266),
        il(K.MILESTONE, "2019-09", "1", 5000, 5000, "M-9"),
    ]
    lines = compute_lines("2019-10", [], issued)
    assert report(lines) == [
        ("milestone", "2019-09", "-1", 5000, -5000, "M-9"),
        ("trainee_hour", "2019-09", "-10.75", 1234, -13_266, None),
    ]


def test_bonus_of_zero_is_not_billable_at_all() -> None:
    # "A bonus of 0 produces no line": the bonus's facts are not billable (the SQL and the oracle).
    assert oracle.return_to_work_quantities([D(2020, 4, 1)], 0) == []
    assert oracle.milestone_quantities([("M-0", D(2020, 4, 1), 0)]) == []


def test_lot_at_price_zero_shows_its_quantities() -> None:
    # corrections.jsonl, BC-000 (trainer hours at 0): lines of amount 0 are issued, corrections too.
    first = compute_lines("2019-11", [cq(K.TRAINER_HOUR, "2019-11", "40", 0)], [])
    assert report(first) == [("trainer_hour", "2019-11", "40", 0, 0, None)]
    issued = [line.as_issued() for line in first]
    assert report(compute_lines("2019-12", [cq(K.TRAINER_HOUR, "2019-11", "39", 0)], issued)) == [
        ("trainer_hour", "2019-11", "-1", 0, 0, None)]
    assert compute_lines("2019-12", [cq(K.TRAINER_HOUR, "2019-11", "40", 0)], issued) == []


def test_lines_sorted_by_kind_origin_ref() -> None:
    current = [
        cq(K.TRAINER_HOUR, "2019-10", "1", 10),
        cq(K.MILESTONE, "2019-10", "1", 10, "M-2"),
        cq(K.MILESTONE, "2019-09", "1", 10, "M-3"),
        cq(K.MILESTONE, "2019-10", "1", 10, "M-10"),
        cq(K.OPENING_DAY, "2019-10", "1", 10),
        cq(K.RETURN_TO_WORK, "2019-09", "1", 10),
        cq(K.TRAINER_HOUR, "2019-09", "1", 10),
    ]
    lines = compute_lines("2019-10", current, [])
    assert [(str(x.kind), x.origin_period, x.ref) for x in lines] == [
        ("milestone", "2019-09", "M-3"),
        ("milestone", "2019-10", "M-10"),
        ("milestone", "2019-10", "M-2"),
        ("opening_day", "2019-10", None),
        ("return_to_work", "2019-09", None),
        ("trainer_hour", "2019-09", None),
        ("trainer_hour", "2019-10", None),
    ]
    assert lines == sorted(lines, key=line_sort_key)


def test_split_current_entries_are_summed_before_rounding() -> None:
    current = [cq(K.TRAINEE_HOUR, "2019-09", "0.01", 50), cq(K.TRAINEE_HOUR, "2019-09", "0.01", 50)]
    assert report(compute_lines("2019-09", current, [])) == [("trainee_hour", "2019-09", "0.02", 50, 1, None)]


def test_conflicting_prices_are_refused() -> None:
    current = [cq(K.TRAINEE_HOUR, "2019-09", "1", 50), cq(K.TRAINEE_HOUR, "2019-09", "1", 51)]
    with pytest.raises(ValueError, match="conflicting"):
        compute_lines("2019-09", current, [])


def test_bad_periods_are_refused() -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        compute_lines("2019-13", [], [])
    with pytest.raises(ValueError):  # noqa: PT011
        compute_lines("2019-09", [cq(K.TRAINEE_HOUR, "2019-9", "1", 50)], [])


# --- accrual --------------------------------------------------------------------------------


def test_accrual_covers_every_period_before_the_ceiling() -> None:
    current = [
        cq(K.TRAINEE_HOUR, "2019-09", "22.5", 1234),
        cq(K.TRAINEE_HOUR, "2019-12", "0.5", 1),
        cq(K.MILESTONE, "2020-01", "1", 700, "M-1"),
    ]
    issued = [il(K.TRAINEE_HOUR, "2019-09", "10.75", 1234, 13_266)]
    assert accrued_cents(current, issued) == 14_499 + 1 + 700
    assert accrued_cents([], issued) == -13_266
    assert accrued_cents([], []) == 0


# --- ceiling --------------------------------------------------------------------------------


def test_ceiling_not_reached() -> None:
    assert apply_ceiling(100, 0, 0, 1000) == CeilingResult(100, 100, 0)
    assert not ceiling_reached(0, 100, 1000)


def test_ceiling_hit_exactly() -> None:
    assert apply_ceiling(400, 600, 600, 1000) == CeilingResult(400, 400, 0)
    assert ceiling_reached(600, 400, 1000)


def test_ceiling_crossed() -> None:
    assert apply_ceiling(25_000, 55_530, 55_530, 60_000) == CeilingResult(25_000, 4470, 20_530)


def test_ceiling_already_reached_pays_nothing_more() -> None:
    assert apply_ceiling(5000, 80_530, 60_000, 60_000) == CeilingResult(5000, 0, 5000)
    assert not ceiling_reached(60_000, 0, 60_000)


def test_negative_correction_above_the_ceiling_absorbs_the_excess_first() -> None:
    # T falls from 80530 to 70530, still above 60000: nothing payable is given back.
    assert apply_ceiling(-10_000, 80_530, 60_000, 60_000) == CeilingResult(-10_000, 0, -10_000)


def test_negative_correction_crossing_back_below_the_ceiling() -> None:
    # T falls from 80530 to 40530: payable total must become 40530, i.e. -19470 now.
    result = apply_ceiling(-40_000, 80_530, 60_000, 60_000)
    assert result == CeilingResult(-40_000, -19_470, -20_530)
    assert 60_000 + result.payable_cents == 40_530


def test_negative_correction_below_the_ceiling() -> None:
    assert apply_ceiling(-6500, 439_250, 439_250, 2_000_000) == CeilingResult(-6500, -6500, 0)


def test_positive_correction_after_dropping_below_reaches_it_again() -> None:
    # After falling back to 40530 payable, +30000 brings T to 70530: 19470 payable again.
    result = apply_ceiling(30_000, 40_530, 40_530, 60_000)
    assert result == CeilingResult(30_000, 19_470, 10_530)
    assert ceiling_reached(40_530, 19_470, 60_000)


def test_zero_ceiling_pays_nothing() -> None:
    assert apply_ceiling(500, 0, 0, 0) == CeilingResult(500, 0, 500)
