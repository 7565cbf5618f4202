"""The public indicators as a table of cells for confidentiality (pure): which counts are cells, the
relations a reader can rely on, and the groups of people a reader could compute from them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Final

from pacte_contracts.codes import DropoutReason
from pacte_contracts.indicators import PublicScopeCounts
from pacte_opendata.domain.confidentiality import Combination, Table, is_small

PROGRAMME: Final = "programme"
#: Scope types that each split the programme: every stay belongs to exactly one scope of each.
PARTITIONS: Final = ("axis", "territory", "domain", "action_type", "organisation")
REASONS: Final = tuple(f"dropouts_by_reason.{r.value}" for r in DropoutReason)
RETURN_TO_WORK: Final = f"dropouts_by_reason.{DropoutReason.RETURN_TO_WORK.value}"
#: Counts of stays (and the sum of satisfaction scores) of each scope.
MEASURES: Final = ("entries", "exits", "dropouts", *REASONS, "certifying_exits", "full_certifications",
                   "partial_certifications", "outcomes_6m", "employed_6m", "durable_6m", "outcomes_12m",
                   "employed_12m", "responses", "score_sum")
#: Groups of people that are differences of cells: the complement of every published rate's numerator,
#: and what the exits and outcomes split into.
GROUPS: Final[Mapping[str, Mapping[str, int]]] = {
    "completions": {"exits": 1, "dropouts": -1},
    "in_training": {"entries": 1, "exits": -1},
    "not_dropped_out": {"entries": 1, "dropouts": -1},
    "dropouts_excl_employment": {"dropouts": 1, RETURN_TO_WORK: -1},
    "not_dropped_out_excl_employment": {"entries": 1, "dropouts": -1, RETURN_TO_WORK: 1},
    "not_certified": {"certifying_exits": 1, "full_certifications": -1, "partial_certifications": -1},
    "not_fully_certified": {"certifying_exits": 1, "full_certifications": -1},
    "not_partially_certified": {"certifying_exits": 1, "partial_certifications": -1},
    "not_employed_6m": {"outcomes_6m": 1, "employed_6m": -1},
    "not_durably_employed_6m": {"outcomes_6m": 1, "durable_6m": -1},
    "employed_not_durably_6m": {"employed_6m": 1, "durable_6m": -1},
    "not_employed_12m": {"outcomes_12m": 1, "employed_12m": -1},
    "no_response": {"exits": 1, "responses": -1},
}


def measures_of(counts: PublicScopeCounts) -> dict[str, int]:
    values = {name: int(getattr(counts, name)) for name in MEASURES if not name.startswith("dropouts_by_reason.")}
    for reason in REASONS:
        values[reason] = counts.dropouts_by_reason.get(reason.removeprefix("dropouts_by_reason."), 0)
    return values


def indicator_table(scopes: Mapping[str, PublicScopeCounts], threshold: int) -> Table:
    values = {(scope, m): v for scope, counts in scopes.items() for m, v in measures_of(counts).items()}
    relations: list[Combination] = []
    for scope in scopes:
        relations.append({(scope, "dropouts"): 1, **{(scope, r): -1 for r in REASONS}})
        if scope == "action_type:certifying":
            relations.append({(scope, "certifying_exits"): 1, (scope, "exits"): -1})
    members: dict[str, list[str]] = defaultdict(list)
    for scope in scopes:
        members[scope.partition(":")[0]].append(scope)
    if PROGRAMME in scopes:
        for partition in PARTITIONS:
            for measure in MEASURES:
                if members[partition]:
                    relations.append({(PROGRAMME, measure): 1, **{(s, measure): -1 for s in members[partition]}})
    groups = {(scope, name): {(scope, m): c for m, c in combination.items()}
              for scope in scopes for name, combination in GROUPS.items()}
    small_sums = frozenset((scope, "score_sum") for scope in scopes
                           if is_small(values[(scope, "responses")], threshold))
    return Table(values=values, relations=tuple(relations), groups=groups, sensitive_sums=small_sums)
