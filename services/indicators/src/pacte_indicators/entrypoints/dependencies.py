"""What the indicators service's routes take through `Depends`: the reader, a consistent read, the date."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, Header, Query, Request

from pacte_contracts.types import IsoDate
from pacte_platform.auth import BACK_OFFICE_ROLES, BackOfficeUser
from pacte_platform.http import PROBLEM_SCHEMA, back_office_user

ERRORS: dict[int | str, dict[str, Any]] = {status: PROBLEM_SCHEMA for status in (401, 403, 422)}
NOT_FOUND: dict[int | str, dict[str, Any]] = {**ERRORS, 404: PROBLEM_SCHEMA}


def _reader(request: Request, authorization: Annotated[str | None, Header()] = None) -> BackOfficeUser:
    """Any back-office role may read indicators (auditors included: reads change nothing)."""
    return back_office_user(request.app.state.pacte_runtime.settings.auth_secret, authorization, *BACK_OFFICE_ROLES)


async def _consistent_read(request: Request) -> AsyncIterator[asyncpg.Connection]:
    """One snapshot of every table for the whole answer (a repeatable-read, read-only transaction)."""
    async with request.app.state.pacte_runtime.db().acquire() as conn, \
            conn.transaction(isolation="repeatable_read", readonly=True):
        yield conn


Reader = Annotated[BackOfficeUser, Depends(_reader)]
ConsistentRead = Annotated[asyncpg.Connection, Depends(_consistent_read)]
AsOf = Annotated[
    IsoDate | None,
    Query(description="Count only facts whose business date is on or before this day (YYYY-MM-DD)."),
]
