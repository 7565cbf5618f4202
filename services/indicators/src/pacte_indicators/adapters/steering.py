"""Reads of the steering analyses: a scope's months (trajectory) and its dropouts (`sql/`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import asyncpg

from pacte_indicators.domain.dropouts import Entrants
from pacte_indicators.domain.trajectory import MonthFigures

from .sql import dropouts, trajectory


@dataclass
class ScopeMonths:
    """A scope's figures per month, and the committed money not dated yet."""

    months: dict[str, MonthFigures] = field(default_factory=lambda: defaultdict(MonthFigures))
    undated_committed_cents: int = 0


async def months(conn: asyncpg.Connection, scope: str | None,
                 scope_types: Sequence[str] | None = None) -> dict[str, ScopeMonths]:
    """Every scope asked (one, or every scope of ``scope_types``), in two queries."""
    out: dict[str, ScopeMonths] = defaultdict(ScopeMonths)
    for r in await conn.fetch(trajectory.ENTRIES, scope, scope_types):
        out[r["scope"]].months[r["month"]] += MonthFigures(
            entries=r["entries"], jobseeker_entries=r["jobseeker_entries"], below_bac_entries=r["below_bac_entries"])
    for r in await conn.fetch(trajectory.MONEY, scope, scope_types):
        money = MonthFigures(committed_cents=int(r["committed_cents"]), invoiced_cents=int(r["invoiced_cents"]),
                             paid_cents=int(r["paid_cents"]))
        if r["month"] is None:
            out[r["scope"]].undated_committed_cents += money.committed_cents
        else:
            out[r["scope"]].months[r["month"]] += money
    return dict(out)


async def dropout_counts(conn: asyncpg.Connection, scope: str, as_of: date | None) -> tuple[
        dict[tuple[str, str], Entrants], list[tuple[str, str, str, str, int]], list[tuple[int, str, int]]]:
    groups = {(r["action_type"], r["length_band"]): Entrants(*(int(r[n]) for n in Entrants.__dataclass_fields__))
              for r in await conn.fetch(dropouts.GROUPS, as_of, scope)}
    cells = [(r["reason"], r["public"], r["action_type"], r["length_band"], int(r["dropouts"]))
             for r in await conn.fetch(dropouts.CELLS, as_of, scope)]
    weeks = [(int(r["week"]), r["reason"], int(r["dropouts"])) for r in await conn.fetch(dropouts.WEEKS, as_of, scope)]
    return groups, cells, weeks
