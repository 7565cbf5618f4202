"""The pact's reference data: targets and baselines, each replaced whole by its command."""

from __future__ import annotations

import asyncpg

from pacte_indicators.domain.commands import YearTarget
from pacte_indicators.domain.targets import Baseline, PactTargets


async def targets(conn: asyncpg.Connection) -> PactTargets:
    years = tuple(YearTarget(**dict(r)) for r in await conn.fetch(
        "SELECT year, paths, pact_cents, own_budget_cents FROM pact_targets ORDER BY year"))
    totals = await conn.fetchrow("SELECT paths, pact_cents FROM pact_totals")
    return PactTargets(years, int(totals["paths"]), int(totals["pact_cents"]))


async def replace_targets(conn: asyncpg.Connection, new: PactTargets, set_by: str) -> None:
    await conn.execute("DELETE FROM pact_targets")
    await conn.executemany("INSERT INTO pact_targets (year, paths, pact_cents, own_budget_cents) "
                           "VALUES ($1, $2, $3, $4)",
                           [(t.year, t.paths, t.pact_cents, t.own_budget_cents) for t in new.years])
    await conn.execute("UPDATE pact_totals SET paths = $1, pact_cents = $2, set_by = $3, set_at = clock_timestamp()",
                       new.total_paths, new.total_pact_cents, set_by)


async def baselines(conn: asyncpg.Connection) -> list[Baseline]:
    return [Baseline(**dict(r)) for r in await conn.fetch(
        "SELECT scope, year, jobseeker_entries, below_bac_entries FROM baselines ORDER BY scope")]


async def replace_baselines(conn: asyncpg.Connection, new: list[Baseline]) -> None:
    await conn.execute("DELETE FROM baselines")
    await conn.executemany("INSERT INTO baselines (scope, year, jobseeker_entries, below_bac_entries) "
                           "VALUES ($1, $2, $3, $4)",
                           [(b.scope, b.year, b.jobseeker_entries, b.below_bac_entries) for b in new])
