"""Indicators built from per-scope counts (domain/scopes.py): rates, key order, insertion, snapshot readings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pacte_contracts.codes import MilestoneIndicator
from pacte_indicators.domain.counts import ScopeCounts, StayCounts, scope_key, split_scope
from pacte_indicators.domain.indicator_set import MoneyFacts
from pacte_indicators.domain.scopes import indicator_set, insertion_by_action_type, snapshot_readings

CERTIFYING = StayCounts(entries=5, exits=5, dropouts=1, certifying_exits=5, full_certifications=2,
                        partial_certifications=1, outcomes_6m=4, employed_6m=3, durable_6m=2, outcomes_12m=2,
                        employed_12m=1, responses=5, score_sum=21, priority_entries=3, below_bac_entries=4,
                        registered_entries=5)
PREPARATORY = StayCounts(entries=3, exits=1, dropouts=1, registered_entries=3)


def test_lot_dig_values_from_counts() -> None:
    counts = ScopeCounts("lot:L-69-DIG", places_offered=12, stays_by_action_type={"certifying": CERTIFYING},
                         dropouts_by_reason={"return_to_work": 1}, entries_by_public={"qpv": 2, "disability": 1},
                         money=MoneyFacts(invoiced_cents=724750, trainer_hours_billed=Decimal("71.5")))
    values = indicator_set(counts).values()
    assert values["fill_rate"] == "0.4167"
    assert values["certification_rate"] == "0.4000"
    assert values["return_to_work_6m_rate"] == "0.7500"
    assert values["satisfaction_avg"] == "4.2000"
    assert values["entries_by_public"] == {"disability": 1, "qpv": 2}
    assert values["trainer_hours_billed"] == "71.5"
    assert values["cost_per_entry_cents"] == 144950
    assert "access_rate" not in values


def test_counts_add_up_across_action_types_and_territories_get_access_rate() -> None:
    counts = ScopeCounts("territory:38", stays_by_action_type={"certifying": CERTIFYING, "preparatory": PREPARATORY},
                         jobseeker_count=60_000)
    result = indicator_set(counts)
    assert (result.entries, result.exits, result.dropouts) == (8, 6, 2)
    assert result.values()["access_rate"] == "0.0001"
    assert result.values()["fill_rate"] is None
    insertion = insertion_by_action_type(counts)
    assert list(insertion) == ["preparatory", "certifying", "professionalising"]
    assert insertion["certifying"]["durable_employment_6m_rate"] == "0.5000"
    assert insertion["preparatory"]["return_to_work_6m_rate"] is None


def test_snapshot_readings_carry_milestone_denominators() -> None:
    readings = snapshot_readings(indicator_set(ScopeCounts(
        "lot:L-1", places_offered=10, stays_by_action_type={"certifying": CERTIFYING},
        dropouts_by_reason={"return_to_work": 1})))
    assert readings["dropout_rate"] == ("0.2000", 5)
    assert readings["fill_rate"] == ("0.5000", 10)
    assert readings["certification_rate"] == ("0.4000", 5)
    assert readings["durable_employment_6m_rate"] == ("0.5000", 4)
    assert readings["satisfaction_avg"] == ("4.2000", 5)
    assert readings["satisfaction_response_rate"] == ("1.0000", 5)
    assert readings["dropouts_by_reason.return_to_work"] == ("1", 5)
    assert readings["dropouts_by_reason.other"] == ("0", 5)
    assert readings["entries"] == ("5", 5)
    assert len(readings) == len(MilestoneIndicator) + 2 + 8


def test_empty_scope_has_null_rates() -> None:
    readings = snapshot_readings(indicator_set(ScopeCounts("organisation:OF-1")))
    assert readings["dropout_rate"] == (None, 0)


def test_scope_keys() -> None:
    assert scope_key("programme", "anything") == "programme"
    assert scope_key("lot", "L-1") == "lot:L-1"
    assert split_scope("organisation:OF-1") == ("organisation", "OF-1")
    assert split_scope("programme") == ("programme", "programme")
    for bad in ("lot", "planet:earth", "lot:"):
        with pytest.raises(ValueError, match="not a scope"):
            split_scope(bad)
