"""The pact's trajectory (issue 23): entries and money per year and per month against the targets.

Targets are the programme's; an axis's money target is its share of it (50 / 43 / 7 %, the pact's
split), and no other scope has one (the pact sets none per territory). A month's target is the
year's pace, a twelfth of it: the line the monthly bars are read against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any

from pacte_contracts.codes import AXIS_TARGETS, Axis
from pacte_contracts.rules import rate, rate_string, round_cents, round_half_up

from .counts import split_scope
from .targets import Baseline, PactTargets


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """What a month brought to a scope. Every field adds up over months."""

    entries: int = 0
    jobseeker_entries: int = 0
    below_bac_entries: int = 0
    committed_cents: int = 0
    invoiced_cents: int = 0
    paid_cents: int = 0

    def __add__(self, other: MonthFigures) -> MonthFigures:
        return MonthFigures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Shares:
    """How much of the programme's targets a scope carries (None: no target)."""

    paths: Fraction | None
    money: Fraction | None


def shares_of(scope: str) -> Shares:
    scope_type, scope_id = split_scope(scope)
    if scope_type == "programme":
        return Shares(Fraction(1), Fraction(1))
    if scope_type == "axis" and scope_id in {a.value for a in Axis}:
        return Shares(None, Fraction(AXIS_TARGETS[Axis(scope_id)]))
    return Shares(None, None)


def _scaled(value: int, share: Fraction | None) -> int | None:
    return None if share is None else round_cents(value * share)


def months_of(years: list[int], facts: Mapping[str, MonthFigures]) -> list[str]:
    """Every month of the pact's years and of the facts, in order."""
    known = [f"{y:04d}-01" for y in years] + [f"{y:04d}-12" for y in years] + list(facts)
    if not known:
        return []
    first, last = min(known), max(known)
    out, year, month = [], int(first[:4]), int(first[5:7])
    while (period := f"{year:04d}-{month:02d}") <= last:
        out.append(period)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _vs_baseline(value: int, base: int | None) -> dict[str, Any]:
    return {"baseline": base, "difference": None if base is None else value - base,
            "ratio": None if base is None else rate_string(rate(value, base))}


def _year(year: int, got: MonthFigures, targets: PactTargets, shares: Shares, baseline: Baseline | None
          ) -> dict[str, Any]:
    target = next((t for t in targets.years if t.year == year), None)
    paths = None if target is None else _scaled(target.paths, shares.paths)
    pact = None if target is None else _scaled(target.pact_cents, shares.money)
    own = None if target is None else _scaled(target.own_budget_cents, shares.money)
    money = None if pact is None or own is None else pact + own
    return {"year": year, **got.as_dict(), "paths_target": paths,
            "entries_rate": None if paths is None else rate_string(rate(got.entries, paths)),
            "pact_target_cents": pact, "own_budget_target_cents": own, "money_target_cents": money,
            "committed_rate": None if money is None else rate_string(rate(got.committed_cents, money)),
            "jobseeker_entries_vs_baseline": _vs_baseline(got.jobseeker_entries,
                                                          baseline.jobseeker_entries if baseline else None),
            "below_bac_entries_vs_baseline": _vs_baseline(got.below_bac_entries,
                                                          baseline.below_bac_entries if baseline else None)}


def _pace(targets: PactTargets, shares: Shares, month: str) -> str | None:
    target = next((t for t in targets.years if t.year == int(month[:4])), None)
    if target is None or shares.paths is None:
        return None
    return format(round_half_up(Fraction(target.paths) * shares.paths / 12, 1), "f")


def trajectory(scope: str, targets: PactTargets, baseline: Baseline | None, facts: Mapping[str, MonthFigures],
               undated_committed_cents: int) -> dict[str, Any]:
    """The scope's years and months against the targets, and the whole programme's totals."""
    shares = shares_of(scope)
    months = months_of([t.year for t in targets.years], facts)
    years = sorted({int(m[:4]) for m in months})
    by_year = {y: sum((facts.get(m, MonthFigures()) for m in months if int(m[:4]) == y), MonthFigures())
               for y in years}
    total = sum(by_year.values(), MonthFigures())
    return {
        "scope": scope,
        "baseline": None if baseline is None else {"year": baseline.year, "jobseeker_entries":
                                                   baseline.jobseeker_entries,
                                                   "below_bac_entries": baseline.below_bac_entries},
        "years": [_year(y, by_year[y], targets, shares, baseline) for y in years],
        "months": [{"month": m, **facts.get(m, MonthFigures()).as_dict(), "paths_pace": _pace(targets, shares, m)}
                   for m in months],
        "totals": {**total.as_dict(), "committed_cents": total.committed_cents + undated_committed_cents,
                   "undated_committed_cents": undated_committed_cents,
                   "paths_target": _scaled(targets.total_paths, shares.paths),
                   "paths_target_of_years": _scaled(sum(t.paths for t in targets.years), shares.paths),
                   "pact_target_cents": _scaled(targets.total_pact_cents, shares.money),
                   "own_budget_target_cents": _scaled(sum(t.own_budget_cents for t in targets.years), shares.money)},
    }


def targets_view(targets: PactTargets) -> dict[str, Any]:
    return {"years": [t.model_dump() for t in targets.years], "total_paths": targets.total_paths,
            "total_pact_cents": targets.total_pact_cents,
            "paths_of_years": sum(t.paths for t in targets.years),
            "pact_cents_of_years": sum(t.pact_cents for t in targets.years)}

