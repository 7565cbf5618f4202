"""Indicators of many scopes at once, from the counts of `counts.py` (pure): formatting, key order
and ``explain`` stay in :class:`IndicatorSet`. The reference model in `tests/oracle/` counts the same
from the facts one scope at a time; a differential test keeps the SQL counts equal to it.
"""

from __future__ import annotations

from pacte_contracts.codes import ActionType, DropoutReason, MilestoneIndicator
from pacte_indicators.domain.counts import ScopeCounts, StayCounts
from pacte_indicators.domain.indicator_set import RATE_NAMES, IndicatorSet, Ratio


def _ratios(counts: StayCounts, places_offered: int, jobseeker_count: int | None) -> dict[str, Ratio]:
    # INDICATORS.md's definitions, from counts.
    return {
        "fill_rate": Ratio(counts.entries, places_offered),
        "dropout_rate": Ratio(counts.dropouts, counts.entries),
        "dropout_excl_employment_rate": Ratio(counts.dropouts_excl_employment, counts.entries),
        "certification_rate": Ratio(counts.full_certifications, counts.certifying_exits),
        "partial_certification_rate": Ratio(counts.partial_certifications, counts.certifying_exits),
        "return_to_work_6m_rate": Ratio(counts.employed_6m, counts.outcomes_6m),
        "durable_employment_6m_rate": Ratio(counts.durable_6m, counts.outcomes_6m),
        "return_to_work_12m_rate": Ratio(counts.employed_12m, counts.outcomes_12m),
        "satisfaction_avg": Ratio(counts.score_sum, counts.responses),
        "satisfaction_response_rate": Ratio(counts.responses, counts.exits),
        "priority_public_share": Ratio(counts.priority_entries, counts.entries),
        "below_bac_share": Ratio(counts.below_bac_entries, counts.entries),
        "access_rate": Ratio(counts.registered_entries, jobseeker_count or 0),
    }


def indicator_set(counts: ScopeCounts) -> IndicatorSet:
    """The scope's :class:`IndicatorSet`."""
    is_territory = counts.scope_type == "territory"
    stays = counts.stays
    ratios = _ratios(stays, counts.places_offered, counts.jobseeker_count)
    names = RATE_NAMES if is_territory else tuple(n for n in RATE_NAMES if n != "access_rate")
    return IndicatorSet(
        places_offered=counts.places_offered,
        entries=stays.entries,
        exits=stays.exits,
        dropouts=stays.dropouts,
        dropouts_by_reason=tuple(sorted((k, v) for k, v in counts.dropouts_by_reason.items() if v)),
        entries_by_public=tuple(sorted((k, v) for k, v in counts.entries_by_public.items() if v)),
        suspensions=counts.suspensions,
        money=counts.money,
        ratios=tuple((name, ratios[name]) for name in names),
        is_territory=is_territory,
    )


def insertion_by_action_type(counts: ScopeCounts) -> dict[str, dict[str, object]]:
    """Insertion read by action type (every action type, in code order)."""
    result: dict[str, dict[str, object]] = {}
    for action_type in ActionType:
        c = counts.stays_by_action_type.get(action_type.value, StayCounts())
        result[action_type.value] = {
            "exits": c.exits,
            "outcomes_6m": c.outcomes_6m,
            "return_to_work_6m_rate": Ratio(c.employed_6m, c.outcomes_6m).formatted,
            "durable_employment_6m_rate": Ratio(c.durable_6m, c.outcomes_6m).formatted,
            "outcomes_12m": c.outcomes_12m,
            "return_to_work_12m_rate": Ratio(c.employed_12m, c.outcomes_12m).formatted,
        }
    return result


def snapshot_readings(indicators: IndicatorSet) -> dict[str, tuple[str | None, int]]:
    """What milestone evaluation and dropout action plans read: name → (value, denominator).

    Rates are as reported (4 decimals, null when the denominator is 0) with the denominator that
    IMPROVEMENT.md's ``min_sample`` is compared with; counts are strings over entries.
    """
    readings: dict[str, tuple[str | None, int]] = {
        indicator.value: (indicators.ratio(indicator.value).formatted, indicators.denominator(indicator.value))
        for indicator in MilestoneIndicator
    }
    readings["entries"] = (str(indicators.entries), indicators.entries)
    readings["dropouts"] = (str(indicators.dropouts), indicators.entries)
    by_reason = dict(indicators.dropouts_by_reason)
    for reason in DropoutReason:
        readings[f"dropouts_by_reason.{reason.value}"] = (str(by_reason.get(reason.value, 0)), indicators.entries)
    return readings
