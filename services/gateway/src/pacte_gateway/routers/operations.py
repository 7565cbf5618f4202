"""Probes: health, the quiet probe of `pacte_cli.quiet`, and no favicon."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import Response

from pacte_gateway.dependencies import Shared
from pacte_gateway.settings import SERVICE
from pacte_platform.http import operations_refusal, problem_response, scrape_token_matches

router = APIRouter(include_in_schema=False)


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok", "service": SERVICE}


@router.get("/favicon.ico")
async def favicon() -> Response:
    return Response(status_code=204)


@router.get("/internal/quiet", response_model=None)
async def quiet(context: Shared, authorization: Annotated[str | None, Header()] = None) -> dict[str, Any] | Response:
    """The gateway has no outbox and no consumer: it is always quiet. Like every service's `/internal/*`,
    behind the scrape token."""
    if not scrape_token_matches(context.settings.scrape_token, authorization):
        return problem_response(operations_refusal())
    return {"service": SERVICE, "outbox_depth": 0, "consumer_groups": {}}
