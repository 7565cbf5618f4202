"""Pathway indicators of a scope (issue 22): the continuation rate from Essentials to a certifying or
professionalising step, the median delay between the steps and the share of pathways that cross
organisations. Counted in SQL (`adapters/sql/pathways.py`); this is their reported shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacte_contracts.rules import rate, rate_string, round_half_up


@dataclass(frozen=True, slots=True)
class PathwayCounts:
    #: People who completed an Essentials session of the scope and were observed for 90 days since.
    completers: int
    #: Of them, people who entered a certifying or professionalising session within 90 days.
    continued: int
    #: Of the continued, people whose next step was at another organisation than the Essentials one.
    cross_organisation: int
    #: Median of the days between the Essentials completion and the next step's entry (continued only).
    median_days: Decimal | None
    #: The reading's day: the one asked for, or the newest known fact's when none was.
    as_of: date | None = None

    @property
    def continuation_rate(self) -> Decimal | None:
        return rate(self.continued, self.completers)

    @property
    def cross_organisation_share(self) -> Decimal | None:
        return rate(self.cross_organisation, self.continued)

    def values(self) -> dict[str, object]:
        return {
            "essentials_completers": self.completers,
            "continued": self.continued,
            "continuation_rate": rate_string(self.continuation_rate),
            "median_days_between_steps": None if self.median_days is None else format(
                round_half_up(self.median_days, 1), "f"),
            "cross_organisation": self.cross_organisation,
            "cross_organisation_share": rate_string(self.cross_organisation_share),
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
        }
