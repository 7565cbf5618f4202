"""The public indicators as published (pure): each scope's counts, rates and money, with the cells
that confidentiality withholds shown as secret, and every rate that uses one of them secret too.

A published figure is either a cell the confidentiality check let through, or a function of such
cells only (a rate, a cost per entry) or of money (public spending): nothing else is revealed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

from pacte_contracts.indicators import PublicScopeCounts
from pacte_opendata.domain.confidentiality import suppress
from pacte_opendata.domain.indicator_table import REASONS, RETURN_TO_WORK, indicator_table, measures_of
from pacte_opendata.domain.labels import label
from pacte_opendata.domain.money import euros, euros_per

#: Counts below this (and above 0) are never published, nor anything they could be rebuilt from.
THRESHOLD: Final = 5
SCOPE_ORDER: Final = ("programme", "axis", "territory", "domain", "action_type", "organisation")
#: Published counts, in column order.
COUNTS: Final = ("entries", "exits", "dropouts", *REASONS, "certifying_exits", "outcomes_6m", "outcomes_12m",
                 "responses")
#: rate → (numerator: cell → coefficient, denominator cell); `places_offered` is capacity, not people.
RATES: Final[Mapping[str, tuple[Mapping[str, int], str]]] = {
    "fill_rate": ({"entries": 1}, "places_offered"),
    "dropout_rate": ({"dropouts": 1}, "entries"),
    "dropout_excl_employment_rate": ({"dropouts": 1, RETURN_TO_WORK: -1}, "entries"),
    "certification_rate": ({"full_certifications": 1}, "certifying_exits"),
    "partial_certification_rate": ({"partial_certifications": 1}, "certifying_exits"),
    "return_to_work_6m_rate": ({"employed_6m": 1}, "outcomes_6m"),
    "durable_employment_6m_rate": ({"durable_6m": 1}, "outcomes_6m"),
    "return_to_work_12m_rate": ({"employed_12m": 1}, "outcomes_12m"),
    "satisfaction_avg": ({"score_sum": 1}, "responses"),
    "satisfaction_response_rate": ({"responses": 1}, "exits"),
}
MONEY: Final = ("committed_eur", "invoiced_eur", "paid_eur")
COLUMNS: Final = ("places_offered", *COUNTS, *RATES, *MONEY, "cost_per_entry_eur")

Figure = int | str | Decimal | None


@dataclass(frozen=True, slots=True)
class PublishedScope:
    scope: str
    scope_type: str
    scope_id: str
    label: str
    figures: Mapping[str, Figure]
    #: the figures withheld by statistical confidentiality (published as null / "secret")
    secret: tuple[str, ...]


def rate(numerator: int, denominator: int) -> str | None:
    """numerator / denominator with 4 decimals, rounded half up (the report's format); None when 0."""
    if denominator == 0:
        return None
    exact = Fraction(numerator, denominator)
    return str((Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.0001"), ROUND_HALF_UP))


def scope_label(scope: str, organisation_names: Mapping[str, str]) -> str:
    scope_type, _, code = scope.partition(":")
    if scope_type == "programme":
        return "Ensemble du programme"
    if scope_type == "organisation":
        return organisation_names.get(code, code)
    return label(scope_type, code)


def _sort_key(scope: str) -> tuple[int, str]:
    scope_type = scope.partition(":")[0]
    return (SCOPE_ORDER.index(scope_type) if scope_type in SCOPE_ORDER else len(SCOPE_ORDER), scope)


def publish(scopes: Mapping[str, PublicScopeCounts], organisation_names: Mapping[str, str],
            threshold: int = THRESHOLD) -> list[PublishedScope]:
    withheld = suppress(indicator_table(scopes, threshold), threshold)
    return [_published(scope, scopes[scope], {m for s, m in withheld if s == scope}, organisation_names)
            for scope in sorted(scopes, key=_sort_key)]


def inputs(column: str) -> frozenset[str]:
    """The cells a published column is computed from."""
    if column in RATES:
        numerator, denominator = RATES[column]
        return frozenset({*numerator, denominator})
    if column == "cost_per_entry_eur":
        return frozenset({"entries", "invoiced_eur"})
    return frozenset({column})


def _published(scope: str, counts: PublicScopeCounts, withheld: set[str],
               organisation_names: Mapping[str, str]) -> PublishedScope:
    cells = {**measures_of(counts), "places_offered": counts.places_offered}
    computed: dict[str, Figure] = {
        **{name: cells[name] for name in ("places_offered", *COUNTS)},
        **{name: rate(sum(c * cells[m] for m, c in numerator.items()), cells[denominator])
           for name, (numerator, denominator) in RATES.items()},
        "committed_eur": euros(counts.committed_cents),
        "invoiced_eur": euros(counts.invoiced_cents),
        "paid_eur": euros(counts.paid_cents),
        "cost_per_entry_eur": euros_per(counts.invoiced_cents, counts.entries),
    }
    secret = tuple(name for name in COLUMNS if withheld & inputs(name))
    figures = {name: None if name in secret else computed[name] for name in COLUMNS}
    scope_type, _, scope_id = scope.partition(":")
    return PublishedScope(scope=scope, scope_type=scope_type, scope_id=scope_id or "programme",
                          label=scope_label(scope, organisation_names), figures=figures, secret=secret)
