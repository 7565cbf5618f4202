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
from pacte_contracts.improvement import MilestoneAchieved, MilestoneWaived
from pacte_improvement.domain import (
    Milestone,
    MilestoneDecision,
    Plan,
    Rejection,
    Target,
    ValidateMilestone,
    WaiveMilestone,
    closing_decisions,
    evaluate_milestone,
    period_of,
    progress,
    validate_milestone,
    waive_milestone,
)
from pacte_improvement.service_layer.events import closing_events, milestone_decided
from pacte_improvement.service_layer.snapshots import snapshot_for

from ._fixtures import apply_decisions, small_plan

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


def evaluate_plan(plan: Plan, period: str, snapshot: Snap) -> list[MilestoneDecision]:
    return closing_decisions(period, ((m, snapshot) for m in plan.milestones))


def validate(m: Milestone | None, on: date) -> Milestone | Rejection:
    return validate_milestone(m, ValidateMilestone(milestone_id="M-X", date=on))


def waive(m: Milestone | None, on: date) -> Milestone | Rejection:
    return waive_milestone(m, WaiveMilestone(milestone_id="M-X", date=on))


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
    done = validate(m, date(2019, 11, 15))
    assert isinstance(done, Milestone)
    assert done.status is MilestoneStatus.ACHIEVED
    assert done.decided_on == date(2019, 11, 15)
    event = milestone_decided(done)
    assert isinstance(event, MilestoneAchieved)
    assert (event.bonus_cents, event.order_id, event.achieved_on, event.how) == (
        1000, "BC-1", date(2019, 11, 15), "validated")


def test_validation_dated_in_already_closed_period_keeps_its_date() -> None:
    # the buyer validates on 2019-09-20 after 2019-09 was closed: billed in 2019-09's period
    # (on the next invoice); the domain dates it as given
    done = validate(milestone(target=False), date(2019, 9, 20))
    assert isinstance(done, Milestone)
    assert done.decided_on == date(2019, 9, 20)
    assert period_of(done.decided_on) == "2019-09"
    event = milestone_decided(done)
    assert isinstance(event, MilestoneAchieved) and event.achieved_on == date(2019, 9, 20)


def test_validate_a_planned_milestone_with_target() -> None:
    done = validate(milestone(), date(2019, 9, 5))
    assert isinstance(done, Milestone)
    assert done.status is MilestoneStatus.ACHIEVED


def test_waive_planned_milestone() -> None:
    waived = waive(milestone(), date(2019, 11, 15))
    assert isinstance(waived, Milestone)
    assert waived.status is MilestoneStatus.WAIVED
    event = milestone_decided(waived)
    assert isinstance(event, MilestoneWaived)  # no bonus
    assert event.waived_on == date(2019, 11, 15)


@pytest.mark.parametrize("decide", [validate, waive])
def test_deciding_an_unknown_milestone_is_invalid(decide: Callable[[Milestone | None, date], object]) -> None:
    result = decide(None, date(2019, 11, 15))
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.INVALID
    assert "unknown milestone" in result.detail


@pytest.mark.parametrize("status", [MilestoneStatus.ACHIEVED, MilestoneStatus.MISSED, MilestoneStatus.WAIVED])
@pytest.mark.parametrize("decide", [validate, waive])
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
    validated = validate(m3, date(2019, 11, 15))
    assert isinstance(validated, Milestone)
    assert validated.status is MilestoneStatus.ACHIEVED
    assert period_of(date(2019, 11, 15)) == "2019-11"
    again = validate(plan.milestones[0], date(2019, 11, 15))
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


def test_a_closing_answers_with_its_achievements_and_misses_and_always_answers() -> None:
    plan = small_plan()
    snapshot = snap({("lot", "dropout_rate"): (Decimal("0.2000"), 5), ("lot", "satisfaction_avg"): (None, 0)})
    decisions = evaluate_plan(plan, "2019-10", snapshot)
    events = closing_events("2019-10", decisions)
    assert [type(e).__name__ for e in events] == ["MilestoneAchieved", "MilestoneMissed", "MilestonesEvaluated"]
    achieved, missed, answer = events
    assert achieved.model_dump(mode="json") == {
        "plan_id": "PAS-1", "milestone_id": "M-1", "order_id": "BC-1", "bonus_cents": 150000,
        "achieved_on": "2019-10-31", "how": "evaluated"}
    assert missed.model_dump(mode="json") == {"plan_id": "PAS-1", "milestone_id": "M-2", "period": "2019-10"}
    assert answer.model_dump(mode="json") == {"period": "2019-10", "missed": ["M-2"], "achievements": [{
        "plan_id": "PAS-1", "milestone_id": "M-1", "order_id": "BC-1", "bonus_cents": 150000,
        "achieved_on": "2019-10-31"}]}
    [nothing] = closing_events("2019-08", [])
    assert nothing.model_dump(mode="json") == {"period": "2019-08", "achievements": [], "missed": []}


@pytest.mark.parametrize(("min_sample", "expected"), [(10, "achieved"), (11, None)])
def test_dropout_excl_employment_rate_is_evaluated_on_entries(min_sample: int, expected: str | None) -> None:
    # Stored as the snapshot carries it: dropouts for a reason other than return_to_work / entries.
    scopes = {"lot:L-69-DIG": {
        "dropout_rate": {"value": "0.4000", "denominator": 10},
        "dropout_excl_employment_rate": {"value": "0.1000", "denominator": 10},
    }}
    m = milestone(comparator=Comparator.AT_MOST, threshold="0.2", min_sample=min_sample, due_on=date(2019, 12, 31))
    assert m.target is not None
    m = replace(m, target=replace(m.target, indicator=MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE))
    assert evaluate_milestone(m, "2019-09", snapshot_for(scopes, "OF-LYON-NUM", "L-69-DIG")) == expected
    # the same target on dropout_rate (0.4000) is not met: the two indicators are not confused
    plain = replace(m, target=replace(m.target, indicator=MilestoneIndicator.DROPOUT_RATE))
    assert evaluate_milestone(plain, "2019-09", snapshot_for(scopes, "OF-LYON-NUM", "L-69-DIG")) is None
