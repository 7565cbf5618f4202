"""What improvement's routes take through `Depends`: callers, the handlers' context, answers of reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import asyncpg
from fastapi import Depends, Header, Request

from pacte_contracts.refusals import Refused, Rejection, check, parse
from pacte_improvement.domain import AcceptAmendment, RejectAmendment
from pacte_improvement.service_layer.context import Context
from pacte_platform import orgauth
from pacte_platform.auth import BackOfficeUser
from pacte_platform.commands import Caller, json_body, with_path
from pacte_platform.http import PROBLEM_SCHEMA, Problem, back_office_user

T = TypeVar("T")
D = TypeVar("D", AcceptAmendment, RejectAmendment)

READ_ROLES = ("buyer", "finance", "steering", "auditor")
BUYER = "buyer"

ERRORS: dict[int | str, dict[str, Any]] = {status: PROBLEM_SCHEMA for status in (401, 403, 404, 409, 422)}

Authorization = Annotated[str | None, Header()]


def _correlation_id(request: Request) -> str | None:
    return getattr(request.state, "correlation_id", None)


def _staff(request: Request, authorization: str | None, *roles: str) -> BackOfficeUser:
    return back_office_user(request.app.state.pacte_runtime.settings.auth_secret, authorization, *roles)


def _reader(request: Request, authorization: Authorization = None) -> BackOfficeUser:
    return _staff(request, authorization, *READ_ROLES)


def _buyer(request: Request, authorization: Authorization = None) -> Caller:
    return Caller(_staff(request, authorization, BUYER).subject, BUYER, _correlation_id(request))


def _context(request: Request) -> Context:
    return Context(request.app.state.pacte_runtime.db())


Reader = Annotated[BackOfficeUser, Depends(_reader)]
Buyer = Annotated[Caller, Depends(_buyer)]
Organisation = orgauth.OrganisationCaller
Handlers = Annotated[Context, Depends(_context)]


async def read(ctx: Context, query: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    async with ctx.pool.acquire() as conn:
        return await query(conn)


def found(value: T | None, what: str) -> T:
    if value is None:
        raise Problem(404, "not_found", f"unknown {what}")
    return value


def amendment_decision(model: type[D]) -> Callable[..., Awaitable[D]]:
    """The buyer's decision on amendment `number` of the path's plan (the number is an integer)."""

    async def read_decision(request: Request, number: int) -> D:
        payload = with_path(await json_body(request, empty={}), request, ("plan_id",))
        if isinstance(payload, dict) and payload.setdefault("number", number) != number:
            raise Refused(Rejection.invalid("number in the body differs from the path"))
        return check(parse(model, payload))

    read_decision.__name__ = f"read_{model.__name__}"
    return read_decision
