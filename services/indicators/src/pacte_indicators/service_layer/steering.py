"""Use cases of steering the pact: its reference data (targets, baseline), its trajectory and the
dropout analysis. The commands replace the reference data whole, audited, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import asyncpg

from pacte_contracts.refusals import check
from pacte_indicators.adapters import reference, state, steering
from pacte_indicators.domain.commands import SetBaseline, SetPactTargets
from pacte_indicators.domain.dropouts import analysis
from pacte_indicators.domain.targets import decide_baseline, decide_targets
from pacte_indicators.domain.trajectory import targets_view, trajectory
from pacte_platform.commands import Caller
from pacte_platform.http import audit


async def scope_trajectory(conn: asyncpg.Connection, scope: str) -> dict[str, Any]:
    targets = await reference.targets(conn)
    found = (await steering.months(conn, scope)).get(scope, steering.ScopeMonths())
    baseline = next((b for b in await reference.baselines(conn) if b.scope == scope), None)
    return {**trajectory(scope, targets, baseline, found.months, found.undated_committed_cents),
            "targets": targets_view(targets)}


async def trajectories(conn: asyncpg.Connection, scope_types: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Every scope of ``scope_types`` with anything in it (the programme always): the metrics' figures."""
    targets = await reference.targets(conn)
    baselines = {b.scope: b for b in await reference.baselines(conn)}
    found = await steering.months(conn, None, list(scope_types))
    scopes = sorted({*found, "programme"} if "programme" in scope_types else set(found))
    return {scope: trajectory(scope, targets, baselines.get(scope), found.get(scope, steering.ScopeMonths()).months,
                              found.get(scope, steering.ScopeMonths()).undated_committed_cents) for scope in scopes}


async def dropout_analysis(conn: asyncpg.Connection, scope: str, as_of: date | None) -> dict[str, Any]:
    groups, cells, weeks = await steering.dropout_counts(conn, scope, as_of)
    return analysis(scope, None if as_of is None else as_of.isoformat(), groups, cells, weeks)


async def set_targets(pool: asyncpg.Pool, command: SetPactTargets, caller: Caller) -> dict[str, Any]:
    targets = check(decide_targets(command))
    async with pool.acquire() as conn, conn.transaction():
        before = targets_view(await reference.targets(conn))
        await reference.replace_targets(conn, targets, caller.subject)
        await state.bump_facts_version(conn)  # the trajectory's metrics follow at once
        after = targets_view(targets)
        await audit(conn, actor=caller.subject, role=caller.role, action=SetPactTargets.NAME, entity="pact_targets",
                    entity_id="pact", before=before, after=after, correlation_id=caller.correlation_id)
    return after


async def set_baseline(pool: asyncpg.Pool, command: SetBaseline, caller: Caller) -> dict[str, Any]:
    baselines = check(decide_baseline(command))
    async with pool.acquire() as conn, conn.transaction():
        before = [baseline_view(b) for b in await reference.baselines(conn)]
        await reference.replace_baselines(conn, baselines)
        await state.bump_facts_version(conn)
        after = {"year": command.year, "scopes": [baseline_view(b) for b in baselines]}
        await audit(conn, actor=caller.subject, role=caller.role, action=SetBaseline.NAME, entity="baseline",
                    entity_id=str(command.year), before=before, after=after, correlation_id=caller.correlation_id)
    return after


def baseline_view(b: Any) -> dict[str, Any]:
    return {"scope": b.scope, "year": b.year, "jobseeker_entries": b.jobseeker_entries,
            "below_bac_entries": b.below_bac_entries}
