"""Reads of the facts projection: every scope counted in a handful of set-based queries (`sql/`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import asyncpg

from pacte_indicators.domain.counts import ScopeCounts, StayCounts, split_scope
from pacte_indicators.domain.indicator_set import MoneyFacts
from pacte_indicators.domain.pathways import PathwayCounts

from .sql import money, pathways, scopes, stays

_STAY_FIELDS = tuple(StayCounts.__dataclass_fields__)


def _money(row: asyncpg.Record) -> MoneyFacts:
    return MoneyFacts(
        opening_days_billed=Decimal(row["opening_days"]),
        trainer_hours_billed=Decimal(row["trainer_hours"]),
        trainee_hours_billed=Decimal(row["trainee_hours"]),
        invoiced_cents=int(row["invoiced_cents"]),
        paid_cents=int(row["paid_cents"]),
        committed_cents=int(row["committed_cents"]),
        accrued_cents=int(row["accrued_cents"]),
    )


Args = tuple[object, ...]


async def _scopes_asked(conn: asyncpg.Connection, as_of: date | None,
                        only: str | None) -> tuple[list[str], Args, Args]:
    """The scopes found, and the arguments of the session-based and order-based queries: every
    scope, or the one scope with the ids of its sessions and orders (read first, see `sql/scopes.py`)."""
    if only is None:
        return [r["scope"] for r in await conn.fetch(scopes.SCOPES)], (as_of, None), (None,)
    session_ids = [r["session_id"] for r in await conn.fetch(scopes.SESSIONS_OF, only)]
    order_ids = [r["order_id"] for r in await conn.fetch(scopes.ORDERS_OF, only)]
    found = [only] if session_ids or order_ids else []
    return found, (as_of, only, session_ids), (only, order_ids)


async def _counts_by_code(conn: asyncpg.Connection, query: scopes.Scoped, only: str | None,
                          args: Args) -> dict[str, dict[str, int]]:
    by_scope: dict[str, dict[str, int]] = defaultdict(dict)
    for r in await conn.fetch(query.text(only), *args):
        by_scope[r["scope"]][r["code"]] = int(r["n"])
    return by_scope


async def scope_counts(conn: asyncpg.Connection, as_of: date | None,
                       only: str | None = None) -> dict[str, ScopeCounts]:
    """Every scope that anything belongs to (sessions, orders, stays), counted as of ``as_of``;
    just the scope ``only`` when given (absent from the result when nothing belongs to it), read from
    its own sessions and orders only: the same queries, restricted first."""
    found, by_session, by_order = await _scopes_asked(conn, as_of, only)
    if not found:
        return {}
    places = {r["scope"]: int(r["places_offered"]) for r in await conn.fetch(scopes.PLACES.text(only), *by_session)}
    by_action_type: dict[str, dict[str, StayCounts]] = defaultdict(dict)
    for r in await conn.fetch(stays.STAYS.text(only), *by_session):
        by_action_type[r["scope"]][r["action_type"]] = StayCounts(**{name: int(r[name]) for name in _STAY_FIELDS})
    reasons = await _counts_by_code(conn, stays.DROPOUT_REASONS, only, by_session)
    publics = await _counts_by_code(conn, stays.PUBLICS, only, by_session)
    suspensions = {r["scope"]: int(r["n"]) for r in await conn.fetch(stays.SUSPENSIONS.text(only), *by_session)}
    money_by_scope = {r["scope"]: _money(r) for r in await conn.fetch(money.MONEY.text(only), *by_order)}
    jobseekers = {r["territory"]: int(r["count"])
                  for r in await conn.fetch("SELECT territory, count FROM jobseeker_counts")}

    result: dict[str, ScopeCounts] = {}
    for scope in sorted(found):
        scope_type, scope_id = split_scope(scope)
        result[scope] = ScopeCounts(
            scope=scope,
            places_offered=places.get(scope, 0),
            stays_by_action_type=by_action_type.get(scope, {}),
            dropouts_by_reason=reasons.get(scope, {}),
            entries_by_public=publics.get(scope, {}),
            suspensions=suspensions.get(scope, 0),
            money=money_by_scope.get(scope, MoneyFacts()),
            jobseeker_count=jobseekers.get(scope_id) if scope_type == "territory" else None,
        )
    return result


async def money_by_axis(conn: asyncpg.Connection) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(committed, payable, paid) per axis, in cents."""
    rows = await conn.fetch(money.BUDGET)
    return (
        {r["axis"]: int(r["committed_cents"]) for r in rows},
        {r["axis"]: int(r["payable_cents"]) for r in rows},
        {r["axis"]: int(r["paid_cents"]) for r in rows},
    )


async def pathway_counts(conn: asyncpg.Connection, as_of: date | None,
                         only: str | None = None) -> dict[str, PathwayCounts]:
    """Pathways of every scope that an observed Essentials completion belongs to (just ``only`` when given)."""
    return {r["scope"]: PathwayCounts(
        completers=int(r["completers"]), continued=int(r["continued"]),
        cross_organisation=int(r["cross_organisation"]),
        median_days=None if r["median_days"] is None else Decimal(str(r["median_days"])), as_of=r["as_of"])
        for r in await conn.fetch(pathways.PATHWAYS, as_of, only)}
