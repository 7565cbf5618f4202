"""What a scope's indicators are once counted (INDICATORS.md): the counts behind each rate, the
report's format and key order, and the explanation of each rate. Pure.

The counting itself is SQL (`adapters/sql/`); `domain/scopes.py` turns its counts into an
:class:`IndicatorSet`. `tests/oracle/` holds a reference model that counts the same from the facts,
and a differential test keeps the SQL equal to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from pacte_contracts.rules import canonical_quantity, rate, rate_string, round_cents
from pacte_indicators.domain.explanations import DENOMINATOR_MEANING, NUMERATOR_MEANING


@dataclass(frozen=True, slots=True)
class MoneyFacts:
    """Billed quantities and money of the scope, already summed (never date-filtered): quantities and
    payable of counting invoices (every version but a disputed one), payable of paid invoices, orders'
    amounts (a closed order's lowered amount), running accrual."""

    opening_days_billed: Decimal = Decimal(0)
    trainer_hours_billed: Decimal = Decimal(0)
    trainee_hours_billed: Decimal = Decimal(0)
    invoiced_cents: int = 0
    paid_cents: int = 0
    committed_cents: int = 0
    accrued_cents: int = 0


@dataclass(frozen=True, slots=True)
class Ratio:
    """The counts behind one rate. ``value`` is what milestones compare (rounded to 4 decimals)."""

    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        return rate(self.numerator, self.denominator)

    @property
    def formatted(self) -> str | None:
        return rate_string(self.value)


def cost_per_entry(invoiced_cents: int, entries: int) -> int | None:
    """Invoiced payable / entries, rounded half up to a whole cent; None when there is no entry."""
    return None if entries == 0 else round_cents(Fraction(invoiced_cents, entries))


#: Rate names in report order (``access_rate`` only in territory scopes).
RATE_NAMES: Final[tuple[str, ...]] = (
    "fill_rate",
    "dropout_rate",
    "dropout_excl_employment_rate",
    "certification_rate",
    "partial_certification_rate",
    "return_to_work_6m_rate",
    "durable_employment_6m_rate",
    "return_to_work_12m_rate",
    "satisfaction_avg",
    "satisfaction_response_rate",
    "priority_public_share",
    "below_bac_share",
    "access_rate",
)

@dataclass(frozen=True, slots=True)
class IndicatorSet:
    places_offered: int
    entries: int
    exits: int
    dropouts: int
    dropouts_by_reason: tuple[tuple[str, int], ...]
    entries_by_public: tuple[tuple[str, int], ...]
    suspensions: int
    money: MoneyFacts
    ratios: tuple[tuple[str, Ratio], ...]
    is_territory: bool = False

    @property
    def cost_per_entry_cents(self) -> int | None:
        return cost_per_entry(self.money.invoiced_cents, self.entries)

    def ratio(self, name: str) -> Ratio:
        for key, ratio in self.ratios:
            if key == name:
                return ratio
        raise KeyError(name)

    def rate(self, name: str) -> Decimal | None:
        """The rate as reported (rounded half up to 4 decimals), None when its denominator is 0."""
        return self.ratio(name).value

    def denominator(self, name: str) -> int:
        return self.ratio(name).denominator

    def numerator(self, name: str) -> int:
        return self.ratio(name).numerator

    def _formatted(self, name: str) -> str | None:
        return self.ratio(name).formatted

    def values(self) -> dict[str, object]:
        """The scope's indicators in the report's format and key order."""
        money = self.money
        out: dict[str, object] = {
            "places_offered": self.places_offered,
            "entries": self.entries,
            "fill_rate": self._formatted("fill_rate"),
            "exits": self.exits,
            "dropouts": self.dropouts,
            "dropout_rate": self._formatted("dropout_rate"),
            "dropout_excl_employment_rate": self._formatted("dropout_excl_employment_rate"),
            "dropouts_by_reason": dict(self.dropouts_by_reason),
            "certification_rate": self._formatted("certification_rate"),
            "partial_certification_rate": self._formatted("partial_certification_rate"),
            "return_to_work_6m_rate": self._formatted("return_to_work_6m_rate"),
            "durable_employment_6m_rate": self._formatted("durable_employment_6m_rate"),
            "return_to_work_12m_rate": self._formatted("return_to_work_12m_rate"),
            "satisfaction_avg": self._formatted("satisfaction_avg"),
            "satisfaction_response_rate": self._formatted("satisfaction_response_rate"),
            "priority_public_share": self._formatted("priority_public_share"),
            "entries_by_public": dict(self.entries_by_public),
            "below_bac_share": self._formatted("below_bac_share"),
            "suspensions": self.suspensions,
            "opening_days_billed": canonical_quantity(money.opening_days_billed),
            "trainer_hours_billed": canonical_quantity(money.trainer_hours_billed),
            "trainee_hours_billed": canonical_quantity(money.trainee_hours_billed),
            "invoiced_cents": money.invoiced_cents,
            "paid_cents": money.paid_cents,
            "committed_cents": money.committed_cents,
            "accrued_cents": money.accrued_cents,
            "cost_per_entry_cents": self.cost_per_entry_cents,
        }
        if self.is_territory:
            out["access_rate"] = self._formatted("access_rate")
        return out

    def explain(self) -> dict[str, dict[str, object]]:
        """For each rate: its numerator and denominator counts, what they count, and the rate."""
        return {
            name: {
                "numerator": ratio.numerator,
                "denominator": ratio.denominator,
                "numerator_counts": NUMERATOR_MEANING[name],
                "denominator_counts": DENOMINATOR_MEANING[name],
                "rate": ratio.formatted,
            }
            for name, ratio in self.ratios
        }
