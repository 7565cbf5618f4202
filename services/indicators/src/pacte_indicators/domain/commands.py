"""The back-office commands the indicators service decides: the pact's reference data (issue 23).

The indicators service projects what the others publish; the pact's targets and the 2017 baseline are
the only facts it owns, because it alone reads them: no rule anywhere depends on them, they are the
line the figures are read against (docs/decisions.md, "Steering the pact").
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pacte_contracts.types import Cents, Code, Command, Count


class YearTarget(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")
    year: Count
    paths: Count = Field(description="Training paths (entries) the pact plans that year.")
    pact_cents: Cents = Field(description="The State's money of the pact that year.")
    own_budget_cents: Cents = Field(description="The employment service's own budget beside it (47.8 M€ a year).")


class SetPactTargets(Command):
    """The pact's trajectory, replacing the one in force (the signed pact's until steering sets one)."""

    NAME = "pact.targets"
    years: list[YearTarget]
    total_paths: Count = Field(description="The programme's paths as the pact states them (109,090).")
    total_pact_cents: Cents = Field(description="The programme's State money as the pact states it (652 M€).")


class ScopeBaseline(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")
    scope: Code = Field(description="`programme`, `axis:<axis>` or `territory:<INSEE code>`")
    jobseeker_entries: Count = Field(description="Entries of registered job seekers that year.")
    below_bac_entries: Count = Field(description="Entries of people below the baccalauréat that year.")


class SetBaseline(Command):
    """The entries of the reference year before the pact (2017), replacing every baseline in force."""

    NAME = "pact.baseline"
    year: Count
    scopes: list[ScopeBaseline]


COMMANDS: tuple[type[Command], ...] = (SetPactTargets, SetBaseline)
