"""Scopes and what is counted in each (pure): the adapters count facts per scope in SQL (one GROUP
BY over all scopes) into :class:`ScopeCounts`. Every stay count is additive across action types,
which is what lets insertion be read by action type from the same aggregate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Final

from pacte_indicators.domain.indicator_set import MoneyFacts

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
