"""What procurement's routes take through `Depends`: the handlers' context, the caller, paging."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pacte_platform.auth import BackOfficeUser
from pacte_platform.commands import Caller
from pacte_platform.http import PROBLEM_SCHEMA, Problem, back_office_user
from pacte_platform.paging import BadCursor, Page
from pacte_procurement.service_layer.handlers import Context

WRITE_ROLES = ("buyer",)
READ_ROLES = ("buyer", "finance", "steering", "auditor")

_bearer = HTTPBearer(auto_error=False, description="Back-office token (`pacte token --role buyer`)")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _user(request: Request, credentials: HTTPAuthorizationCredentials | None, roles: tuple[str, ...]) -> BackOfficeUser:
    header = f"Bearer {credentials.credentials}" if credentials else None
    return back_office_user(request.app.state.pacte_runtime.settings.auth_secret, header, *roles)


def _reader(request: Request, credentials: Credentials) -> BackOfficeUser:
    return _user(request, credentials, READ_ROLES)


def _buyer(request: Request, credentials: Credentials) -> Caller:
    user = _user(request, credentials, WRITE_ROLES)
    return Caller(user.subject, WRITE_ROLES[0], getattr(request.state, "correlation_id", None))


def _context(request: Request) -> Context:
    state = request.app.state
    return Context(state.pacte_runtime.db(), lambda: state.today())


Reader = Annotated[BackOfficeUser, Depends(_reader)]
Buyer = Annotated[Caller, Depends(_buyer)]
Handlers = Annotated[Context, Depends(_context)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page")]

ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM_SCHEMA for code in (401, 403, 422)}
READ_ERRORS: dict[int | str, dict[str, Any]] = {**ERRORS, 404: PROBLEM_SCHEMA}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {**READ_ERRORS, 409: PROBLEM_SCHEMA}


def found(value: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if value is None:
        raise Problem(404, "not_found", f"unknown {what}")
    return value


async def paged(fetch: Awaitable[Page]) -> dict[str, Any]:
    try:
        return (await fetch).body()
    except BadCursor as exc:
        raise Problem(422, "invalid", str(exc)) from exc
