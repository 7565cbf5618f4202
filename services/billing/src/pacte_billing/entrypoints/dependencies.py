"""What billing's routes take through `Depends`: the caller (a back-office role, or an organisation
by its API key), the handlers' context, and the answers' documented errors."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pacte_billing.service_layer.context import Context
from pacte_platform import orgauth
from pacte_platform.commands import Caller
from pacte_platform.http import PROBLEM_SCHEMA, Problem, back_office_user

T = TypeVar("T")

READ_ROLES = ("buyer", "finance", "steering", "auditor")

_bearer = HTTPBearer(auto_error=False, scheme_name="BackOfficeToken",
                     description="A back-office token `bo1....` (`pacte token --role finance`)")
Token = Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]


def _back_office(request: Request, token: HTTPAuthorizationCredentials | None, *roles: str) -> Caller:
    secret = request.app.state.pacte_runtime.settings.auth_secret
    user = back_office_user(secret, f"Bearer {token.credentials}" if token is not None else None, *roles)
    return Caller(user.subject, ",".join(sorted(user.roles)), getattr(request.state, "correlation_id", None))


def _finance(request: Request, token: Token) -> Caller:
    return _back_office(request, token, "finance")


def _buyer(request: Request, token: Token) -> Caller:
    return _back_office(request, token, "buyer")


def _reader(request: Request, token: Token) -> Caller:
    return _back_office(request, token, *READ_ROLES)


def _context(request: Request) -> Context:
    return Context(request.app.state.pacte_runtime.db())


Finance = Annotated[Caller, Depends(_finance)]
Buyer = Annotated[Caller, Depends(_buyer)]
Reader = Annotated[Caller, Depends(_reader)]
Organisation = orgauth.OrganisationCaller
Handlers = Annotated[Context, Depends(_context)]

ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM_SCHEMA for code in (401, 403, 404, 409, 422)}


def found(value: T | None, what: str) -> T:
    if value is None:
        raise Problem(404, "not_found", f"unknown {what}")
    return value
