"""The webhooks API (`/v1`, the organisation's API key): endpoints (register, list, read, disable,
rotate the secret), the event types, and deliveries (list, read with every attempt, replay).
Another organisation's endpoint or delivery is a 404, like an absent one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from pacte_platform.commands import command_body, command_doc, respond
from pacte_platform.http import Problem
from pacte_platform.paging import Cursor, Limit, page_body
from pacte_webhooks.adapters import deliveries, endpoints
from pacte_webhooks.domain.commands import DisableEndpoint, RegisterEndpoint, ReplayDelivery, RotateSecret
from pacte_webhooks.domain.notifications import EVENT_TYPES
from pacte_webhooks.service_layer import endpoints as handlers
from pacte_webhooks.service_layer.endpoints import NotFound

from . import schemas
from .dependencies import ERRORS, Handlers, Organisation

router = APIRouter(tags=["webhooks"], responses=ERRORS)
R = TypeVar("R")

_SIGNING = ("Every delivery is a POST of JSON `{id, type, created, organisation_id, data}` with the header "
            "`Pacte-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 under the endpoint's secret of "
            "`<t>.<body>`: check it and refuse a `t` more than 5 minutes away from your clock. Answer 2xx within 10 s; "
            "anything else is retried with exponential backoff for 24 hours. Deduplicate by `id`.")


def _found(action: Callable[[], Awaitable[R]], what: str) -> Callable[[], Awaitable[R]]:
    async def run() -> R:
        try:
            return await action()
        except NotFound:
            raise Problem(404, "not_found", f"unknown {what}") from None

    return run


@router.get("/v1/webhook-event-types", response_model=list[schemas.EventTypeOut], operation_id="list_event_types",
            summary="The event types an endpoint may subscribe to")
async def get_event_types(_: Organisation) -> Any:
    return [{"event_type": name, "description": text} for name, text in EVENT_TYPES.items()]


@router.post("/v1/webhook-endpoints", status_code=201, response_model=schemas.EndpointWithSecretOut,
             operation_id="register_endpoint", openapi_extra=command_doc(RegisterEndpoint),
             summary="Register an endpoint: a URL, the event types it receives; its signing secret is shown once",
             description=_SIGNING + " The URL is checked where it resolves: public https addresses only in "
                                    "production (never private, loopback or link-local ones).")
async def post_endpoint(request: Request, caller: Organisation, ctx: Handlers,
                        command: Annotated[RegisterEndpoint, Depends(command_body(RegisterEndpoint))]
                        ) -> JSONResponse:
    return await respond(request, caller, lambda: handlers.register(ctx, command, caller), 201,
                         stored=lambda answer: {**answer, "secret": None})


@router.get("/v1/webhook-endpoints", response_model=schemas.EndpointPage, operation_id="list_endpoints",
            summary="Its endpoints")
async def get_endpoints(caller: Organisation, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None,
                        status: Literal["active", "disabled"] | None = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await page_body(endpoints.page(conn, caller.subject, status=status, cursor=cursor, limit=limit))


@router.get("/v1/webhook-endpoints/{endpoint_id}", response_model=schemas.EndpointOut, operation_id="get_endpoint",
            summary="One of its endpoints")
async def get_endpoint(endpoint_id: str, caller: Organisation, ctx: Handlers) -> Any:
    async with ctx.pool.acquire() as conn:
        found = await endpoints.get(conn, caller.subject, endpoint_id)
    if found is None:
        raise Problem(404, "not_found", "unknown endpoint")
    return found


@router.post("/v1/webhook-endpoints/{endpoint_id}/disable", response_model=schemas.EndpointOut,
             operation_id="disable_endpoint", openapi_extra=command_doc(DisableEndpoint, required=False),
             summary="Disable an endpoint: nothing more is sent to it, what waited for it is given up")
async def post_disable(request: Request, caller: Organisation, ctx: Handlers,
                       command: Annotated[DisableEndpoint, Depends(command_body(DisableEndpoint, "endpoint_id"))]
                       ) -> JSONResponse:
    return await respond(request, caller, _found(lambda: handlers.disable(ctx, command, caller), "endpoint"))


@router.post("/v1/webhook-endpoints/{endpoint_id}/secret-rotations", response_model=schemas.EndpointWithSecretOut,
             operation_id="rotate_endpoint_secret", openapi_extra=command_doc(RotateSecret, required=False),
             summary="Replace an endpoint's signing secret; the new one is shown once")
async def post_rotation(request: Request, caller: Organisation, ctx: Handlers,
                        command: Annotated[RotateSecret, Depends(command_body(RotateSecret, "endpoint_id"))]
                        ) -> JSONResponse:
    return await respond(request, caller, _found(lambda: handlers.rotate_secret(ctx, command, caller), "endpoint"),
                         stored=lambda answer: {**answer, "secret": None})


@router.get("/v1/webhook-deliveries", response_model=schemas.DeliveryPage, operation_id="list_deliveries",
            summary="Its deliveries, newest last, with status, attempts and last error")
async def get_deliveries(caller: Organisation, ctx: Handlers, limit: Limit = 100, cursor: Cursor = None,
                         endpoint_id: str | None = None, event_type: str | None = None,
                         status: Literal["pending", "delivered", "failed"] | None = None) -> Any:
    async with ctx.pool.acquire() as conn:
        return await page_body(deliveries.page(conn, caller.subject, endpoint_id=endpoint_id, status=status,
                                               event_type=event_type, cursor=cursor, limit=limit))


@router.get("/v1/webhook-deliveries/{delivery_id}", response_model=schemas.DeliveryDetailOut,
            operation_id="get_delivery", summary="One delivery with every attempt")
async def get_delivery(delivery_id: str, caller: Organisation, ctx: Handlers) -> Any:
    found = None
    try:
        wanted = uuid.UUID(delivery_id)
    except ValueError:
        wanted = None
    if wanted is not None:
        async with ctx.pool.acquire() as conn:
            found = await deliveries.get(conn, caller.subject, wanted)
    if found is None:
        raise Problem(404, "not_found", "unknown delivery")
    return found


@router.post("/v1/webhook-deliveries/{delivery_id}/replay", response_model=schemas.DeliveryDetailOut,
             operation_id="replay_delivery", openapi_extra=command_doc(ReplayDelivery, required=False),
             summary="Send a delivered or failed delivery again now (the same event `id`), retried for 24 h more")
async def post_replay(request: Request, caller: Organisation, ctx: Handlers,
                      command: Annotated[ReplayDelivery, Depends(command_body(ReplayDelivery, "delivery_id"))]
                      ) -> JSONResponse:
    return await respond(request, caller, _found(lambda: handlers.replay(ctx, command, caller), "delivery"))
