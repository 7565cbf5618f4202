"""What the indicators service's routes take through `Depends`: the reader, a consistent read, the date."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, Header, Query, Request

from pacte_contracts.types import IsoDate
from pacte_indicators.domain.counts import split_scope
from pacte_indicators.service_layer.latest_counts import LatestCounts
from pacte_platform.auth import BACK_OFFICE_ROLES, BackOfficeUser
from pacte_platform.commands import Caller
from pacte_platform.http import PROBLEM_SCHEMA, back_office_user, refusal

ERRORS: dict[int | str, dict[str, Any]] = {status: PROBLEM_SCHEMA for status in (401, 403, 422)}
NOT_FOUND: dict[int | str, dict[str, Any]] = {**ERRORS, 404: PROBLEM_SCHEMA}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {**ERRORS, 409: PROBLEM_SCHEMA}
#: Who sets the pact's reference data: the steering committee's people.
WRITE_ROLE = "steering"


def _reader(request: Request, authorization: Annotated[str | None, Header()] = None) -> BackOfficeUser:
    """Any back-office role may read indicators (auditors included: reads change nothing)."""
    return back_office_user(request.app.state.pacte_runtime.settings.auth_secret, authorization, *BACK_OFFICE_ROLES)


def _steering(request: Request, authorization: Annotated[str | None, Header()] = None) -> Caller:
    user = back_office_user(request.app.state.pacte_runtime.settings.auth_secret, authorization, WRITE_ROLE)
    return Caller(user.subject, WRITE_ROLE, getattr(request.state, "correlation_id", None))


def _pool(request: Request) -> asyncpg.Pool:
    return request.app.state.pacte_runtime.db()


def _scope(scope: Annotated[str, Query(description="`programme`, or `<type>:<id>` (axis, tender, lot, "
                                                     "organisation, territory, domain, action_type)")] = "programme",
           ) -> str:
    try:
        split_scope(scope)
    except ValueError:
        raise refusal("invalid", f"not a scope: {scope!r}") from None
    return scope


async def _consistent_read(request: Request) -> AsyncIterator[asyncpg.Connection]:
    """One snapshot of every table for the whole answer (a repeatable-read, read-only transaction)."""
    async with request.app.state.pacte_runtime.db().acquire() as conn, \
            conn.transaction(isolation="repeatable_read", readonly=True):
        yield conn


def _latest(request: Request) -> LatestCounts | None:
    """The counts the metrics refresher keeps (none on a runtime without one: every read counts)."""
    latest: LatestCounts | None = getattr(request.app.state.pacte_runtime, "latest", None)
    return latest


Reader = Annotated[BackOfficeUser, Depends(_reader)]
Steering = Annotated[Caller, Depends(_steering)]
Pool = Annotated[asyncpg.Pool, Depends(_pool)]
Scope = Annotated[str, Depends(_scope)]
ConsistentRead = Annotated[asyncpg.Connection, Depends(_consistent_read)]
Latest = Annotated[LatestCounts | None, Depends(_latest)]
AsOf = Annotated[
    IsoDate | None,
    Query(description="Count only facts whose business date is on or before this day (YYYY-MM-DD)."),
]
