"""What attendance's routes take through `Depends`: the handlers' context and the caller.

An organisation is the one its API key belongs to, never a field of the body; a back-office user
comes from its bearer token, with the roles the route needs.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pacte_attendance.service_layer.context import Context
from pacte_platform import orgauth
from pacte_platform.commands import Caller
from pacte_platform.http import PROBLEM_SCHEMA, back_office_user

#: Back-office roles that manage organisations' keys, outcomes and erasure.
MANAGERS = ("buyer", "steering")

_back_office_bearer = HTTPBearer(auto_error=False, scheme_name="BackOfficeToken",
                                 description="A back-office token `bo1....` (pacte token --role ...)")
BackOfficeToken = Annotated[HTTPAuthorizationCredentials | None, Security(_back_office_bearer)]


def _correlation_id(request: Request) -> str | None:
    return getattr(request.state, "correlation_id", None)


def _context(request: Request) -> Context:
    state = request.app.state
    return Context(state.pacte_runtime.db(), state.pseudonymizer, state.persons, state.credential_signer,
                   state.warning_rules)


def _back_office(request: Request, bearer: HTTPAuthorizationCredentials | None, *roles: str) -> Caller:
    secret = request.app.state.pacte_runtime.settings.auth_secret
    user = back_office_user(secret, f"Bearer {bearer.credentials}" if bearer is not None else None, *roles)
    return Caller(user.subject, ",".join(sorted(user.roles)), _correlation_id(request))


def _manager(request: Request, bearer: BackOfficeToken) -> Caller:
    return _back_office(request, bearer, *MANAGERS)


def _reader(request: Request, bearer: BackOfficeToken) -> Caller:
    return _back_office(request, bearer)


Organisation = orgauth.OrganisationCaller
Manager = Annotated[Caller, Depends(_manager)]
Reader = Annotated[Caller, Depends(_reader)]
Handlers = Annotated[Context, Depends(_context)]

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM_SCHEMA}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM_SCHEMA for code in (401, 403, 404, 409, 422)}
