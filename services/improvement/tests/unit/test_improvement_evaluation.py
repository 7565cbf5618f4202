from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from pacte_contracts.codes import (
    Comparator,
    ImprovementDimension,
    MilestoneIndicator,
    MilestoneScope,
    MilestoneStatus,
    RejectionReason,
)
from pacte_improvement.domain import (
    Milestone,
    Plan,
    PlanDraft,
    Rejection,
    Target,
    apply_decisions,
    evaluate_milestone,
    evaluate_plan,
    milestone_decision,
    parse_plan,
    period_of,
    progress,
    validate_milestone,
    validate_plan,
    waive_milestone,
)

from ._fixtures import small_plan_payload

Snap = Callable[[str, str], tuple[Decimal | None, int]]


def snap(values: dict[tuple[str, str], tuple[Decimal | None, int]]) -> Snap:
    def lookup(scope: str, indicator: str) -> tuple[Decimal | None, int]:
        return values.get((scope, indicator), (None, 0))

    return lookup


def milestone(
    *,
    comparator: Comparator = Comparator.AT_LEAST,
    threshold: str = "0.5000",
    min_sample: int = 2,
    due_on: date = date(2019, 10, 15),
    target: bool = True,
) -> Milestone:
    return Milestone(
        milestone_id="M-X",
        plan_id="P",
        order_id="BC-1",
        dimension=ImprovementDimension.PEDAGOGY,
        description="",
        due_on=due_on,
        bonus_cents=1000,
        target=Target(
            indicator=MilestoneIndicator.FILL_RATE,
            scope=MilestoneScope.LOT,
            comparator=comparator,
            threshold=Decimal(threshold),
            min_sample=min_sample,
        )
        if target
        else None,
    )


def fill(rate: str | None, n: int) -> Snap:
    return snap({("lot", "fill_rate"): (None if rate is None else Decimal(rate), n)})


def small_plan() -> Plan:
    draft = parse_plan(small_plan_payload())
    assert isinstance(draft, PlanDraft)
    plan = validate_plan(
        draft,
        existing_plan_ids=(),
        existing_milestone_ids=(),
        lot_holder_org_id="OF-LYON-NUM",
        order_lot_id="L-69-DIG",
        caller_org_id="OF-LYON-NUM",
    )
    assert isinstance(plan, Plan)
    return plan


# --- evaluation order ----------------------------------------------------------------------------


def test_met_before_due_date_is_achieved() -> None:
    assert (
        evaluate_milestone(milestone(due_on=date(2019, 12, 31)), "2019-09", fill("0.6000", 5)) == "achieved"
    )


@pytest.mark.parametrize(("rate", "expected"), [("0.5000", "achieved"), ("0.4999", None)])
def test_threshold_is_inclusive_for_at_least(rate: str, expected: str | None) -> None:
    assert evaluate_milestone(milestone(due_on=date(2019, 12, 31)), "2019-09", fill(rate, 5)) == expected


@pytest.mark.parametrize(("rate", "expected"), [("0.3500", "achieved"), ("0.3501", None)])
def test_threshold_is_inclusive_for_at_most(rate: str, expected: str | None) -> None:
    m = milestone(comparator=Comparator.AT_MOST, threshold="0.35", due_on=date(2019, 12, 31))
    assert evaluate_milestone(m, "2019-09", fill(rate, 5)) == expected


def test_rate_compared_as_reported_at_four_decimals() -> None:
    m = milestone(comparator=Comparator.AT_MOST, threshold="0.35", due_on=date(2019, 12, 31))
    # an unrounded 0.350049 is reported as 0.3500 and meets <= 0.35
    assert evaluate_milestone(m, "2019-09", fill("0.350049", 5)) == "achieved"


def test_undefined_rate_is_never_met() -> None:
    m = milestone(comparator=Comparator.AT_MOST, threshold="1", min_sample=0, due_on=date(2019, 12, 31))
    assert evaluate_milestone(m, "2019-09", fill(None, 0)) is None
    assert evaluate_milestone(m, "2020-01", fill(None, 0)) == "missed"


def test_met_but_sample_too_small_stays_planned_before_due() -> None:
    assert evaluate_milestone(milestone(min_sample=3), "2019-09", fill("0.9000", 2)) is None


def test_met_but_sample_too_small_after_due_is_missed() -> None:
    assert evaluate_milestone(milestone(min_sample=3), "2019-11", fill("0.9000", 2)) == "missed"


def test_sample_equal_to_min_sample_counts() -> None:
    assert evaluate_milestone(milestone(min_sample=3), "2019-09", fill("0.9000", 3)) == "achieved"


def test_due_date_inside_closing_period_is_still_achievable() -> None:
    # due 2019-10-15, closing 2019-10: last day 2019-10-31 > due_on, but P contains due_on
    m = milestone(due_on=date(2019, 10, 15))
    assert evaluate_milestone(m, "2019-10", fill("0.6000", 5)) == "achieved"


def test_due_date_inside_closing_period_not_met_is_missed() -> None:
    m = milestone(due_on=date(2019, 10, 15))
    assert evaluate_milestone(m, "2019-10", fill("0.4000", 5)) == "missed"


def test_due_on_last_day_of_period_not_met_stays_planned() -> None:
    m = milestone(due_on=date(2019, 10, 31))
    assert evaluate_milestone(m, "2019-10", fill("0.4000", 5)) is None


def test_met_after_due_period_is_missed() -> None:
    m = milestone(due_on=date(2019, 10, 15))
    assert evaluate_milestone(m, "2019-11", fill("0.9000", 5)) == "missed"


def test_not_met_before_due_stays_planned() -> None:
    assert evaluate_milestone(milestone(), "2019-09", fill("0.1000", 5)) is None


@pytest.mark.parametrize("status", [MilestoneStatus.ACHIEVED, MilestoneStatus.MISSED, MilestoneStatus.WAIVED])
def test_decided_milestones_are_not_evaluated(status: MilestoneStatus) -> None:
    m = replace(milestone(), status=status, decided_on=date(2019, 9, 1))
    assert evaluate_milestone(m, "2019-09", fill("0.9000", 5)) is None
    assert evaluate_milestone(m, "2020-09", fill("0.1000", 5)) is None


def test_milestone_without_target_is_never_evaluated() -> None:
    m = milestone(target=False)
    assert evaluate_milestone(m, "2019-09", fill("0.9000", 5)) is None
    assert evaluate_milestone(m, "2021-01", fill("0.9000", 5)) is None


def test_snapshot_receives_scope_and_indicator() -> None:
    calls: list[tuple[str, str]] = []

    def spy(scope: str, indicator: str) -> tuple[Decimal | None, int]:
        calls.append((scope, indicator))
        return Decimal("0.9"), 9

    m = milestone()
    assert m.target is not None
    m = replace(m, target=replace(m.target, scope=MilestoneScope.ORGANISATION))
    evaluate_milestone(m, "2019-09", spy)
    assert calls == [("organisation", "fill_rate")]


# --- manual decisions ------------------------------------------------------------------------------


def test_validate_planned_milestone_is_achieved_on_date() -> None:
    m = milestone(target=False)
    done = validate_milestone(m, date(2019, 11, 15))
    assert isinstance(done, Milestone)
    assert done.status is MilestoneStatus.ACHIEVED
    assert done.decided_on == date(2019, 11, 15)
    decision = milestone_decision(done)
    assert decision is not None
    assert decision.bonus_cents == 1000
    assert decision.order_id == "BC-1"


def test_validation_dated_in_already_closed_period_keeps_its_date() -> None:
    # the buyer validates on 2019-09-20 after 2019-09 was closed: billed in 2019-09's period
    # (on the next invoice); the domain dates it as given
    done = validate_milestone(milestone(target=False), date(2019, 9, 20))
    assert isinstance(done, Milestone)
    decision = milestone_decision(done)
    assert decision is not None
    assert decision.decided_on == date(2019, 9, 20)
    assert decision.billing_period == "2019-09"


def test_validate_a_planned_milestone_with_target() -> None:
    done = validate_milestone(milestone(), date(2019, 9, 5))
    assert isinstance(done, Milestone)
    assert done.status is MilestoneStatus.ACHIEVED


def test_waive_planned_milestone() -> None:
    waived = waive_milestone(milestone(), date(2019, 11, 15))
    assert isinstance(waived, Milestone)
    assert waived.status is MilestoneStatus.WAIVED
    decision = milestone_decision(waived)
    assert decision is not None
    assert decision.bonus_cents == 0
    assert milestone_decision(milestone()) is None


@pytest.mark.parametrize("status", [MilestoneStatus.ACHIEVED, MilestoneStatus.MISSED, MilestoneStatus.WAIVED])
@pytest.mark.parametrize("decide", [validate_milestone, waive_milestone])
def test_validating_or_waiving_a_final_milestone_is_invalid(
    status: MilestoneStatus, decide: Callable[[Milestone, date], Milestone | Rejection]
) -> None:
    m = replace(milestone(), status=status, decided_on=date(2019, 10, 31))
    result = decide(m, date(2019, 11, 15))
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.INVALID


# --- the small scenario ----------------------------------------------------------------------------


def test_small_scenario_milestones() -> None:
    plan = small_plan()
    # 2019-09 closing: 5 entries, 1 dropout -> 0.2000; one satisfaction response (below min_sample 2)
    sept = snap(
        {
            ("lot", "dropout_rate"): (Decimal("0.2000"), 5),
            ("lot", "satisfaction_avg"): (Decimal("5.0000"), 1),
        }
    )
    decisions = evaluate_plan(plan, "2019-09", sept)
    assert [(d.milestone_id, d.status, d.decided_on, d.bonus_cents, d.order_id) for d in decisions] == [
        ("M-1", MilestoneStatus.ACHIEVED, date(2019, 9, 30), 150000, "BC-1")
    ]
    plan = apply_decisions(plan, decisions)
    m1, m2, m3 = plan.milestones
    assert (m1.status, m1.decided_on) == (MilestoneStatus.ACHIEVED, date(2019, 9, 30))
    assert m2.status is MilestoneStatus.PLANNED  # due 2019-09-30 is not after the last day
    assert m3.status is MilestoneStatus.PLANNED

    octo = snap(
        {
            ("lot", "dropout_rate"): (Decimal("0.2000"), 5),
            ("lot", "satisfaction_avg"): (Decimal("4.2000"), 5),
        }
    )
    decisions = evaluate_plan(plan, "2019-10", octo)
    assert [(d.milestone_id, d.status, d.decided_on, d.bonus_cents) for d in decisions] == [
        ("M-2", MilestoneStatus.MISSED, date(2019, 10, 31), 0)
    ]
    plan = apply_decisions(plan, decisions)

    # line 90: M-3 validated 2019-11-15; line 91: validating M-1 again is invalid
    m3 = plan.milestones[2]
    validated = validate_milestone(m3, date(2019, 11, 15))
    assert isinstance(validated, Milestone)
    assert validated.status is MilestoneStatus.ACHIEVED
    assert period_of(date(2019, 11, 15)) == "2019-11"
    again = validate_milestone(plan.milestones[0], date(2019, 11, 15))
    assert isinstance(again, Rejection)
    assert again.reason is RejectionReason.INVALID

    # later closings change nothing
    assert evaluate_plan(plan, "2019-11", octo) == []


def test_progress_reports_value_target_and_sample() -> None:
    plan = small_plan()
    rows = progress(plan, snap({("lot", "dropout_rate"): (Decimal("0.2"), 5)}))
    by_id = {r.milestone_id: r for r in rows}
    m1, m2, m3 = by_id["M-1"], by_id["M-2"], by_id["M-3"]
    assert (m1.current_value, m1.sample_size, m1.min_sample, m1.threshold) == (
        Decimal("0.2000"),
        5,
        3,
        Decimal("0.35"),
    )
    assert m1.target_met is True
    assert m1.comparator is Comparator.AT_MOST
    assert m2.current_value is None
    assert m2.sample_size == 0
    assert m2.target_met is False
    assert m3.indicator is None
    assert m3.target_met is None
    assert m3.status is MilestoneStatus.PLANNED
