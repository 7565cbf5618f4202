"""Probes: health, the quiet probe of `pacte_cli.quiet`, and no favicon."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from pacte_gateway.settings import SERVICE

router = APIRouter(include_in_schema=False)


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok", "service": SERVICE}


@router.get("/favicon.ico")
async def favicon() -> Response:
    return Response(status_code=204)


@router.get("/internal/quiet")
async def quiet() -> dict[str, Any]:
    """The gateway has no outbox and no consumer: it is always quiet."""
    return {"service": SERVICE, "outbox_depth": 0, "consumer_groups": {}}
