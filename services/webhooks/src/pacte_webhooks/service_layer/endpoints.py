"""The endpoint and delivery commands: each loads, decides, stores and audits in one transaction."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from pydantic_core import to_jsonable_python

from pacte_contracts.refusals import Refused, Rejection, check
from pacte_platform.commands import Caller
from pacte_platform.http import audit
from pacte_webhooks.adapters import deliveries, endpoints
from pacte_webhooks.adapters.secrets import new_secret
from pacte_webhooks.adapters.sender import checked_address
from pacte_webhooks.domain.commands import (
    DisableEndpoint,
    RegisterEndpoint,
    ReplayDelivery,
    RotateSecret,
    decide_registration,
    subscribed,
)
from pacte_webhooks.domain.urls import UrlRefused

from .context import Context


class NotFound(LookupError):
    """Absent, or another organisation's: the same answer (404)."""


async def register(ctx: Context, command: RegisterEndpoint, caller: Caller) -> dict[str, Any]:
    check(decide_registration(command))
    try:
        await checked_address(ctx.settings.url_policy, command.url)
    except UrlRefused as exc:
        raise Refused(Rejection.invalid(f"url: {exc}")) from None
    endpoint_id = f"we_{secrets.token_hex(8)}"
    secret = new_secret()
    async with ctx.unit_of_work() as conn:
        endpoint = await endpoints.insert(
            conn, endpoint_id=endpoint_id, organisation_id=caller.subject, url=command.url,
            description=command.description, event_types=subscribed(command.event_types),
            sealed_secret=ctx.box.seal(endpoint_id, secret))
        await _audit(conn, caller, command.NAME, endpoint_id, {**endpoint, "secret": "(shown once)"})
    return {**endpoint, "secret": secret}


async def disable(ctx: Context, command: DisableEndpoint, caller: Caller) -> dict[str, Any]:
    async with ctx.unit_of_work() as conn:
        if await endpoints.get(conn, caller.subject, command.endpoint_id, for_update=True) is None:
            raise NotFound(command.endpoint_id)
        endpoint = await endpoints.disable(conn, command.endpoint_id)
        await _audit(conn, caller, command.NAME, command.endpoint_id, endpoint)
    return endpoint


async def rotate_secret(ctx: Context, command: RotateSecret, caller: Caller) -> dict[str, Any]:
    secret = new_secret()
    async with ctx.unit_of_work() as conn:
        found = await endpoints.get(conn, caller.subject, command.endpoint_id, for_update=True)
        if found is None:
            raise NotFound(command.endpoint_id)
        check(Rejection.invalid("the endpoint is disabled") if found["status"] != "active" else None)
        endpoint = await endpoints.replace_secret(conn, command.endpoint_id,
                                                  ctx.box.seal(command.endpoint_id, secret))
        await _audit(conn, caller, command.NAME, command.endpoint_id, {"secret": "(shown once)"})
    return {**endpoint, "secret": secret}


async def replay(ctx: Context, command: ReplayDelivery, caller: Caller) -> dict[str, Any]:
    try:
        delivery_id = uuid.UUID(command.delivery_id)
    except ValueError:
        raise NotFound(command.delivery_id) from None
    async with ctx.unit_of_work() as conn:
        found = await deliveries.get(conn, caller.subject, delivery_id)
        if found is None:
            raise NotFound(command.delivery_id)
        endpoint = await endpoints.get(conn, caller.subject, found["endpoint_id"])
        check(Rejection.invalid("the endpoint is disabled: register it again to receive deliveries")
              if endpoint is None or endpoint["status"] != "active" else None)
        check(Rejection.invalid("the delivery is being attempted; replay it once it is delivered or failed")
              if found["status"] == "pending" else None)
        await deliveries.replay(conn, delivery_id)
        await _audit(conn, caller, command.NAME, command.delivery_id, {"replays": found["replays"] + 1})
        replayed = await deliveries.get(conn, caller.subject, delivery_id)
    assert replayed is not None
    return replayed


async def _audit(conn: Any, caller: Caller, action: str, entity_id: str, after: Any) -> None:
    await audit(conn, actor=caller.subject, role=caller.role, action=action, entity="webhook", entity_id=entity_id,
                after=to_jsonable_python(after), correlation_id=caller.correlation_id)
