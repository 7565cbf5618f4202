"""Indicators of many scopes at once, from counts aggregated elsewhere (pure).

The adapters count facts per scope in SQL (one GROUP BY over all scopes); this module turns those
counts into :class:`IndicatorSet`, so formatting, key order and ``explain`` stay in one place.
Every stay count is additive across action types, which is what lets insertion be read by action
type from the same aggregate. The reference model in `tests/oracle/` counts the same from the facts
one scope at a time; a differential test keeps the SQL counts equal to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Final

from pacte_contracts.codes import ActionType, DropoutReason, MilestoneIndicator
from pacte_indicators.domain.indicator_set import RATE_NAMES, IndicatorSet, MoneyFacts, Ratio

PROGRAMME: Final = "programme"
#: Scope types in report order; "programme" has no id.
SCOPE_TYPES: Final[tuple[str, ...]] = (
    PROGRAMME,
    "axis",
    "tender",
    "lot",
    "organisation",
    "territory",
    "domain",
    "action_type",
)
#: Scopes a period-closing snapshot carries (milestones target a lot or an organisation).
SNAPSHOT_SCOPE_TYPES: Final = frozenset({PROGRAMME, "lot", "organisation"})


def scope_key(scope_type: str, scope_id: str) -> str:
    if scope_type == PROGRAMME:
        return PROGRAMME
    return f"{scope_type}:{scope_id}"


def split_scope(scope: str) -> tuple[str, str]:
    """``"lot:L-1"`` → ``("lot", "L-1")``; ``"programme"`` → ``("programme", "programme")``."""
    if scope == PROGRAMME:
        return PROGRAMME, PROGRAMME
    scope_type, sep, scope_id = scope.partition(":")
    if not sep or scope_type not in SCOPE_TYPES or not scope_id:
        raise ValueError(f"not a scope: {scope!r}")
    return scope_type, scope_id


@dataclass(frozen=True, slots=True)
class StayCounts:
    """Counts over (trainee, session) stays of a scope, already filtered by the as-of date."""

    entries: int = 0
    exits: int = 0
    dropouts: int = 0
    dropouts_excl_employment: int = 0
    certifying_exits: int = 0
    full_certifications: int = 0
    partial_certifications: int = 0
    outcomes_6m: int = 0
    employed_6m: int = 0
    durable_6m: int = 0
    outcomes_12m: int = 0
    employed_12m: int = 0
    responses: int = 0
    score_sum: int = 0
    priority_entries: int = 0
    below_bac_entries: int = 0
    registered_entries: int = 0

    def __add__(self, other: StayCounts) -> StayCounts:
        return StayCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @classmethod
    def total(cls, parts: Iterable[StayCounts]) -> StayCounts:
        result = cls()
        for part in parts:
            result = result + part
        return result


@dataclass(frozen=True, slots=True)
class ScopeCounts:
    """Everything counted for one scope; the input of :func:`indicator_set`."""

    scope: str
    places_offered: int = 0
    stays_by_action_type: Mapping[str, StayCounts] = field(default_factory=dict)
    dropouts_by_reason: Mapping[str, int] = field(default_factory=dict)
    entries_by_public: Mapping[str, int] = field(default_factory=dict)
    suspensions: int = 0
    money: MoneyFacts = field(default_factory=MoneyFacts)
    jobseeker_count: int | None = None

    @property
    def scope_type(self) -> str:
        return split_scope(self.scope)[0]

    @property
    def stays(self) -> StayCounts:
        return StayCounts.total(self.stays_by_action_type.values())


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
