from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pacte_contracts.codes import ActionType, MilestoneIndicator
from pacte_indicators.domain.indicator_set import RATE_NAMES, IndicatorSet, MoneyFacts

from .builders import D1, D2, D3, D4, Facts, stay
from .compute import (
    OutcomeFact,
    SatisfactionFact,
    SessionFact,
    StayFact,
    SuspensionFact,
    insertion_by_action_type,
)


def completed(trainee: str, on: date = D2, certification: str = "none", **kw: object) -> StayFact:
    return stay(trainee, exit_kind="completed", exited=on, certification=certification, **kw)  # type: ignore[arg-type]


def dropped(trainee: str, on: date = D2, reason: str = "other", **kw: object) -> StayFact:
    return stay(trainee, exit_kind="dropped_out", exited=on, reason=reason, **kw)  # type: ignore[arg-type]


def compute(*, money: MoneyFacts | None = None, as_of: date | None = None, is_territory: bool = False,
            jobseeker_count: int | None = None, **facts: Any) -> IndicatorSet:
    return Facts(**facts).compute(money, as_of=as_of, is_territory=is_territory, jobseeker_count=jobseeker_count)


# ---- empty scope: every rate null -------------------------------------------------------------


def test_empty_scope_has_null_rates_and_zero_counts() -> None:
    values = compute().values()
    assert values["places_offered"] == 0
    assert values["entries"] == 0
    for name in RATE_NAMES[:-1]:  # every rate but access_rate, which only territories have
        assert values[name] is None, name
    assert values["dropouts_by_reason"] == {}
    assert values["entries_by_public"] == {}
    assert values["cost_per_entry_cents"] is None
    assert values["opening_days_billed"] == "0"
    assert "access_rate" not in values


# ---- places, entries, fill rate -------------------------------------------------------------


def test_places_offered_sums_non_cancelled_sessions() -> None:
    result = compute(
        sessions=[
            SessionFact("S-1", 12, D1, cancelled=False),
            SessionFact("S-2", 8, D1, cancelled=True),
            SessionFact("S-3", 10, D2, cancelled=False),
        ]
    )
    assert result.places_offered == 22


def test_entries_are_distinct_trainee_session_pairs() -> None:
    result = compute(stays=[stay("T1"), stay("T1"), stay("T1", session="S-2"), stay("T2")])
    assert result.entries == 3


def test_re_enrolment_replaces_the_enrolment() -> None:
    result = compute(
        stays=[
            stay("T1", enrolled=D1, qualification="bac"),
            stay("T1", enrolled=D2, qualification="below_bac"),
        ],
        as_of=D1,
    )
    assert result.entries == 0
    replaced = compute(stays=[stay("T1", qualification="bac"), stay("T1")])
    assert replaced.values()["below_bac_share"] == "1.0000"


def test_fill_rate() -> None:
    result = compute(
        sessions=[SessionFact("S-1", 12, D1, cancelled=False)], stays=[stay(f"T{i}") for i in range(5)]
    )
    assert result.values()["fill_rate"] == "0.4167"
    assert result.explain()["fill_rate"]["numerator"] == 5
    assert result.denominator(MilestoneIndicator.FILL_RATE) == 12


# ---- exits, dropouts, certification ----------------------------------------------------------


def test_exits_dropouts_and_reasons() -> None:
    result = compute(
        stays=[
            completed("T1"),
            dropped("T2", reason="return_to_work"),
            dropped("T3", reason="material_reason"),
            dropped("T4", reason="material_reason"),
            stay("T5"),
        ]
    )
    values = result.values()
    assert values["exits"] == 4
    assert values["dropouts"] == 3
    assert values["dropout_rate"] == "0.6000"
    assert values["dropouts_by_reason"] == {"material_reason": 2, "return_to_work": 1}
    assert list(values["dropouts_by_reason"]) == ["material_reason", "return_to_work"]  # type: ignore[arg-type]
    assert result.denominator("dropout_rate") == 5


def test_certification_rates_only_over_certifying_exits() -> None:
    result = compute(
        stays=[
            completed("T1", certification="full"),
            completed("T2", certification="partial"),
            completed("T3", certification="none"),
            dropped("T4"),
            completed("T5", certification="full", certifying=False, action_type=ActionType.PREPARATORY),
            stay("T6"),
        ]
    )
    values = result.values()
    assert values["certification_rate"] == "0.2500"
    assert values["partial_certification_rate"] == "0.2500"
    assert result.denominator("certification_rate") == 4
    assert result.explain()["certification_rate"]["numerator"] == 1


def test_certification_rates_null_without_certifying_exits() -> None:
    values = compute(stays=[completed("T1", certifying=False), stay("T2")]).values()
    assert values["certification_rate"] is None
    assert values["partial_certification_rate"] is None


# ---- outcomes -----------------------------------------------------------------------------------


def test_return_to_work_rates_ignore_unknown_and_missing_outcomes() -> None:
    stays = [
        completed("T1"),
        completed("T2"),
        completed("T3"),
        dropped("T4"),
        completed("T5"),
        completed("T6"),
    ]
    outcomes = [
        OutcomeFact("S-1", "T1", 6, D3, "employed_durable"),
        OutcomeFact("S-1", "T2", 6, D3, "employed_other"),
        OutcomeFact("S-1", "T3", 6, D3, "training"),
        OutcomeFact("S-1", "T4", 6, D3, "jobseeker"),
        OutcomeFact("S-1", "T5", 6, D3, "unknown"),
        OutcomeFact("S-1", "T1", 12, D4, "employed_other"),
        OutcomeFact("S-1", "T2", 12, D4, "unknown"),
    ]
    result = compute(stays=stays, outcomes=outcomes)
    values = result.values()
    assert values["return_to_work_6m_rate"] == "0.5000"
    assert values["durable_employment_6m_rate"] == "0.2500"
    assert values["return_to_work_12m_rate"] == "1.0000"
    assert result.denominator("return_to_work_6m_rate") == 4
    assert result.denominator("durable_employment_6m_rate") == 4
    assert result.denominator("return_to_work_12m_rate") == 1


def test_outcomes_of_trainees_not_exited_or_outside_scope_do_not_count() -> None:
    result = compute(
        stays=[stay("T1")],
        outcomes=[
            OutcomeFact("S-1", "T1", 6, D3, "employed_durable"),
            OutcomeFact("S-9", "T9", 6, D3, "employed_durable"),
        ],
    )
    assert result.values()["return_to_work_6m_rate"] is None


def test_a_re_recorded_outcome_replaces_the_earlier_one_whatever_their_dates() -> None:
    # Revision 2 corrects the status and observes it earlier: the earlier value is gone for every date.
    corrected = [
        OutcomeFact("S-1", "T1", 6, D4, "jobseeker", revision=1),
        OutcomeFact("S-1", "T1", 6, D3, "employed_durable", revision=2),
    ]
    assert compute(stays=[completed("T1")], outcomes=corrected).values()["return_to_work_6m_rate"] == "1.0000"
    assert compute(stays=[completed("T1")], outcomes=corrected, as_of=D3).values()["return_to_work_6m_rate"] == (
        "1.0000")
    # Revision 2 observes later: as of a date before it, the outcome is not known yet (revision 1 does
    # not come back).
    later = [
        OutcomeFact("S-1", "T1", 6, D3, "jobseeker", revision=1),
        OutcomeFact("S-1", "T1", 6, D4, "employed_durable", revision=2),
    ]
    assert compute(stays=[completed("T1")], outcomes=later).values()["return_to_work_6m_rate"] == "1.0000"
    early = compute(stays=[completed("T1")], outcomes=later, as_of=D3)
    assert early.values()["return_to_work_6m_rate"] is None
    assert early.denominator("return_to_work_6m_rate") == 0


# ---- satisfaction ------------------------------------------------------------------------------


def test_satisfaction_over_responses_of_exited_trainees() -> None:
    stays = [completed("T1"), completed("T2"), dropped("T3"), completed("T4"), stay("T5")]
    sats = [
        SatisfactionFact("S-1", "T1", D2, 5),
        SatisfactionFact("S-1", "T2", D2, 4),
        SatisfactionFact("S-1", "T3", D2, 4),
        SatisfactionFact("S-1", "T5", D2, 1),
    ]
    result = compute(stays=stays, satisfactions=sats)
    values = result.values()
    assert values["satisfaction_avg"] == "4.3333"
    assert values["satisfaction_response_rate"] == "0.7500"
    assert result.denominator("satisfaction_avg") == 3
    assert result.denominator(MilestoneIndicator.SATISFACTION_RESPONSE_RATE) == 4
    assert result.rate("satisfaction_avg") == Decimal("4.3333")


def test_a_re_recorded_score_replaces_the_earlier_one() -> None:
    sats = [SatisfactionFact("S-1", "T1", D3, 2, revision=1), SatisfactionFact("S-1", "T1", D2, 5, revision=2)]
    assert compute(stays=[completed("T1")], satisfactions=sats).values()["satisfaction_avg"] == "5.0000"
    assert compute(stays=[completed("T1")], satisfactions=sats, as_of=D2).values()["satisfaction_avg"] == "5.0000"
    later = [SatisfactionFact("S-1", "T1", D2, 2, revision=1), SatisfactionFact("S-1", "T1", D3, 5, revision=2)]
    assert compute(stays=[completed("T1")], satisfactions=later).values()["satisfaction_avg"] == "5.0000"
    earlier = compute(stays=[completed("T1")], satisfactions=later, as_of=D2)
    assert earlier.values()["satisfaction_avg"] is None  # the score of D2 was replaced; its successor is dated D3


def test_satisfaction_null_without_responses_and_response_rate_null_without_exits() -> None:
    values = compute(stays=[completed("T1")]).values()
    assert values["satisfaction_avg"] is None
    assert values["satisfaction_response_rate"] == "0.0000"
    assert compute(stays=[stay("T1")]).values()["satisfaction_response_rate"] is None


# ---- publics ----------------------------------------------------------------------------------


def test_priority_publics_and_below_bac() -> None:
    stays = [
        stay("T1", publics={"qpv", "single_parent"}),
        stay("T2", publics={"qpv"}),
        stay("T3", qualification="bac"),
        stay("T4", qualification=None),
    ]
    values = compute(stays=stays).values()
    assert values["priority_public_share"] == "0.5000"
    assert values["entries_by_public"] == {"qpv": 2, "single_parent": 1}
    assert list(values["entries_by_public"]) == ["qpv", "single_parent"]  # type: ignore[arg-type]
    assert values["below_bac_share"] == "0.5000"


def test_access_rate_only_in_territory_scopes() -> None:
    stays = [stay("T1"), stay("T2", registered=False), stay("T3")]
    assert "access_rate" not in compute(stays=stays, jobseeker_count=10).values()
    with pytest.raises(KeyError):
        compute(stays=stays).rate("access_rate")
    territory = compute(stays=stays, is_territory=True, jobseeker_count=40_000)
    assert territory.values()["access_rate"] == "0.0001"  # 2 / 40000 = 0.00005
    assert territory.explain()["access_rate"] == {
        "numerator": 2,
        "denominator": 40_000,
        "numerator_counts": "entries of registered job seekers",
        "denominator_counts": "territory job-seeker count",
        "rate": "0.0001",
    }
    no_reference = compute(stays=stays, is_territory=True)
    assert no_reference.values()["access_rate"] is None
    assert compute(stays=stays, is_territory=True, jobseeker_count=0).values()["access_rate"] is None


# ---- suspensions and money ---------------------------------------------------------------------


def test_suspensions_and_money() -> None:
    money = MoneyFacts(
        Decimal("5"), Decimal("71.50"), Decimal("45.000"), 1_259_750, 439_250, 3_060_000, 193_250
    )
    result = compute(
        stays=[stay(f"T{i}") for i in range(12)],
        money=money,
        suspensions=[SuspensionFact("S-1", "T1", D1), SuspensionFact("S-1", "T1", D3)],
    )
    values = result.values()
    assert values["suspensions"] == 2
    assert values["opening_days_billed"] == "5"
    assert values["trainer_hours_billed"] == "71.5"
    assert values["trainee_hours_billed"] == "45"
    assert values["invoiced_cents"] == 1_259_750
    assert values["paid_cents"] == 439_250
    assert values["committed_cents"] == 3_060_000
    assert values["accrued_cents"] == 193_250
    assert values["cost_per_entry_cents"] == 104_979


def test_money_is_not_date_filtered() -> None:
    money = MoneyFacts(invoiced_cents=1000)
    result = compute(stays=[stay("T1", enrolled=D1), stay("T2", enrolled=D3)], money=money, as_of=D2)
    assert result.values()["invoiced_cents"] == 1000
    assert result.values()["cost_per_entry_cents"] == 1000


# ---- as_of rules --------------------------------------------------------------------------------


def test_as_of_sessions_by_start_date() -> None:
    sessions = [SessionFact("S-1", 10, D1, cancelled=False), SessionFact("S-2", 5, D3, cancelled=False)]
    assert compute(sessions=sessions, as_of=D2).places_offered == 10
    assert compute(sessions=sessions, as_of=D3).places_offered == 15
    assert compute(sessions=sessions, as_of=date(2019, 12, 31)).places_offered == 0


def test_as_of_enrolments_by_enrolment_date() -> None:
    stays = [stay("T1", enrolled=D1, publics={"qpv"}), stay("T2", enrolled=D3, publics={"neet"})]
    values = compute(stays=stays, as_of=D2).values()
    assert values["entries"] == 1
    assert values["entries_by_public"] == {"qpv": 1}


def test_as_of_exits_and_certification_by_exit_date() -> None:
    stays = [
        completed("T1", on=D2, certification="full"),
        completed("T2", on=D4, certification="full"),
        dropped("T3", on=D3, reason="other"),
    ]
    early = compute(stays=stays, as_of=D2)
    assert (early.exits, early.dropouts) == (1, 0)
    assert early.values()["certification_rate"] == "1.0000"
    mid = compute(stays=stays, as_of=D3)
    assert (mid.exits, mid.dropouts) == (2, 1)
    assert mid.values()["certification_rate"] == "0.5000"
    assert mid.values()["dropouts_by_reason"] == {"other": 1}
    assert compute(stays=stays, as_of=D4).values()["certification_rate"] == "0.6667"


def test_as_of_outcomes_by_observation_date_for_trainees_exited_by_then() -> None:
    stays = [completed("T1", on=D1), completed("T2", on=D3)]
    outcomes = [
        OutcomeFact("S-1", "T1", 6, D2, "employed_durable"),
        OutcomeFact("S-1", "T2", 6, D2, "jobseeker"),  # trainee not exited by D2
        OutcomeFact("S-1", "T1", 12, D4, "employed_durable"),
    ]
    result = compute(stays=stays, outcomes=outcomes, as_of=D2)
    assert result.values()["return_to_work_6m_rate"] == "1.0000"
    assert result.denominator("return_to_work_6m_rate") == 1
    assert result.values()["return_to_work_12m_rate"] is None
    assert compute(stays=stays, outcomes=outcomes, as_of=D1).values()["return_to_work_6m_rate"] is None
    assert compute(stays=stays, outcomes=outcomes, as_of=D3).denominator("return_to_work_6m_rate") == 2


def test_as_of_satisfaction_by_date_and_exit() -> None:
    stays = [completed("T1", on=D3), completed("T2", on=D2)]
    sats = [SatisfactionFact("S-1", "T1", D1, 5), SatisfactionFact("S-1", "T2", D3, 3)]
    at_d2 = compute(stays=stays, satisfactions=sats, as_of=D2)
    assert at_d2.values()["satisfaction_avg"] is None  # T1 answered early but exits on D3; T2 answers on D3
    assert at_d2.values()["satisfaction_response_rate"] == "0.0000"
    at_d3 = compute(stays=stays, satisfactions=sats, as_of=D3)
    assert at_d3.values()["satisfaction_avg"] == "4.0000"
    assert at_d3.values()["satisfaction_response_rate"] == "1.0000"


def test_as_of_suspensions_by_start_date() -> None:
    sus = [SuspensionFact("S-1", "T1", D1), SuspensionFact("S-1", "T2", D3)]
    assert compute(suspensions=sus, as_of=D2).suspensions == 1
    assert compute(suspensions=sus).suspensions == 2


def test_as_of_none_counts_every_fact() -> None:
    stays = [completed("T1", on=date(2030, 1, 1))]
    assert compute(stays=stays).exits == 1
    assert compute(stays=stays, as_of=D4).exits == 0


# ---- result object ------------------------------------------------------------------------------


def test_explain_covers_every_rate() -> None:
    explained = compute(stays=[stay("T1")]).explain()
    assert list(explained) == [name for name in RATE_NAMES if name != "access_rate"]
    assert explained["dropout_rate"]["numerator"] == 0
    assert explained["dropout_rate"]["denominator"] == 1
    assert explained["fill_rate"]["rate"] is None


def test_milestone_denominators() -> None:
    result = compute(
        sessions=[SessionFact("S-1", 10, D1, cancelled=False)],
        stays=[completed("T1"), completed("T2", certifying=False), stay("T3")],
        outcomes=[OutcomeFact("S-1", "T1", 6, D3, "unknown"), OutcomeFact("S-1", "T2", 6, D3, "training")],
        satisfactions=[SatisfactionFact("S-1", "T1", D2, 4)],
    )
    expected = {
        MilestoneIndicator.DROPOUT_RATE: 3,
        MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE: 3,
        MilestoneIndicator.FILL_RATE: 10,
        MilestoneIndicator.CERTIFICATION_RATE: 1,
        MilestoneIndicator.RETURN_TO_WORK_6M_RATE: 1,
        MilestoneIndicator.DURABLE_EMPLOYMENT_6M_RATE: 1,
        MilestoneIndicator.SATISFACTION_AVG: 1,
        MilestoneIndicator.SATISFACTION_RESPONSE_RATE: 2,
    }
    assert {m: result.denominator(m) for m in MilestoneIndicator} == expected
    assert result.rate("satisfaction_avg") == Decimal("4.0000")
    assert result.rate("return_to_work_6m_rate") == Decimal("0.0000")
    with pytest.raises(KeyError):
        result.rate("nonsense")


def test_facts_and_results_are_frozen() -> None:
    result = compute()
    with pytest.raises(FrozenInstanceError):
        result.entries = 3  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        stay("T1").trainee_key = "x"  # type: ignore[misc]


def test_stay_validation() -> None:
    with pytest.raises(ValueError, match="exit kind"):
        stay("T1", exit_kind="teleported", exited=D1)
    with pytest.raises(ValueError, match="date"):
        stay("T1", exit_kind="completed")
    with pytest.raises(ValueError, match="certification"):
        stay("T1", exit_kind="completed", exited=D1, certification="gold")


# ---- readings beside the scopes -----------------------------------------------------------------


def test_insertion_by_action_type() -> None:
    stays = [
        completed("T1"),
        completed("T2"),
        completed("T3", certifying=False, action_type=ActionType.PREPARATORY),
        stay("T4", action_type=ActionType.PROFESSIONALISING),
    ]
    outcomes = [
        OutcomeFact("S-1", "T1", 6, D3, "employed_durable"),
        OutcomeFact("S-1", "T2", 6, D3, "employed_other"),
        OutcomeFact("S-1", "T3", 6, D3, "training"),
        OutcomeFact("S-1", "T1", 12, D4, "jobseeker"),
    ]
    by_type = insertion_by_action_type(stays, outcomes, None)
    assert list(by_type) == [ActionType.PREPARATORY, ActionType.CERTIFYING, ActionType.PROFESSIONALISING]
    assert by_type[ActionType.CERTIFYING] == {
        "exits": 2,
        "outcomes_6m": 2,
        "return_to_work_6m_rate": "1.0000",
        "durable_employment_6m_rate": "0.5000",
        "outcomes_12m": 1,
        "return_to_work_12m_rate": "0.0000",
    }
    assert by_type[ActionType.PREPARATORY]["return_to_work_6m_rate"] == "0.0000"
    assert by_type[ActionType.PROFESSIONALISING]["return_to_work_6m_rate"] is None
    assert insertion_by_action_type(stays, outcomes, D2)[ActionType.CERTIFYING]["outcomes_6m"] == 0
