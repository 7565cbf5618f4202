"""What the webhooks routes take through `Depends`: the caller (an organisation by its API key) and
the handlers' context."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from pacte_platform import orgauth
from pacte_platform.http import PROBLEM_SCHEMA
from pacte_webhooks.service_layer.context import Context


def _context(request: Request) -> Context:
    state = request.app.state
    return Context(state.pacte_runtime.db(), state.secret_box, state.pacte_runtime.settings)


Organisation = orgauth.OrganisationCaller
Handlers = Annotated[Context, Depends(_context)]
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM_SCHEMA for code in (401, 404, 409, 422)}
