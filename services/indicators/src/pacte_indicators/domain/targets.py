"""The pact's targets and baseline as reference data: what a command may set (stage 3 `invalid` else)."""

from __future__ import annotations

from dataclasses import dataclass

from pacte_contracts.codes import Axis, Territory
from pacte_contracts.refusals import Rejection

from .commands import SetBaseline, SetPactTargets, YearTarget

#: Years a target or a baseline may name: the pact's era, wide enough for a successor.
YEARS = range(2000, 2101)


@dataclass(frozen=True, slots=True)
class PactTargets:
    years: tuple[YearTarget, ...]
    total_paths: int
    total_pact_cents: int


@dataclass(frozen=True, slots=True)
class Baseline:
    scope: str
    year: int
    jobseeker_entries: int
    below_bac_entries: int


def baseline_scopes() -> frozenset[str]:
    return frozenset({"programme", *(f"axis:{a.value}" for a in Axis), *(f"territory:{t.value}" for t in Territory)})


def decide_targets(command: SetPactTargets) -> PactTargets | Rejection:
    years = [t.year for t in command.years]
    if not years:
        return Rejection.invalid("a trajectory has at least one year")
    if len(set(years)) != len(years) or any(y not in YEARS for y in years):
        return Rejection.invalid(f"years must be distinct, from {YEARS.start} to {YEARS.stop - 1}")
    if any(min(t.paths, t.pact_cents, t.own_budget_cents) < 0 for t in command.years) \
            or min(command.total_paths, command.total_pact_cents) < 0:
        return Rejection.invalid("targets must not be negative")
    return PactTargets(tuple(sorted(command.years, key=lambda t: t.year)), command.total_paths,
                       command.total_pact_cents)


def decide_baseline(command: SetBaseline) -> list[Baseline] | Rejection:
    scopes = [s.scope for s in command.scopes]
    if command.year not in YEARS:
        return Rejection.invalid(f"the baseline's year is from {YEARS.start} to {YEARS.stop - 1}")
    if unknown := sorted(set(scopes) - baseline_scopes()):
        return Rejection.invalid(f"a baseline is for the programme, an axis or a territory, not {unknown}")
    if len(set(scopes)) != len(scopes):
        return Rejection.invalid("each scope once")
    if any(min(s.jobseeker_entries, s.below_bac_entries) < 0 for s in command.scopes):
        return Rejection.invalid("entries must not be negative")
    return [Baseline(s.scope, command.year, s.jobseeker_entries, s.below_bac_entries) for s in command.scopes]
