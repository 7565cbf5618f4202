"""Receiving pacte's webhooks: subscribe an endpoint once (its secret is shown only then: keep it in
your secrets store), then check every delivery's signature on the raw body before believing it, answer
2xx quickly, and deduplicate by the event's `id` (a delivery may come twice: at-least-once)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pacte_organisation_client import AuthenticatedClient
from pacte_organisation_client.api.webhooks import register_endpoint
from pacte_organisation_client.models import EndpointWithSecretOut, Problem, RegisterEndpoint
from pacte_organisation_tools import InvalidSignature, verify_signature

from .api import ApiError

#: What this connector acts on: invoices to book, disputes answered, orders closed.
EVENT_TYPES = ("invoice.issued", "invoice.reissued", "dispute.answered", "order.closed")


async def subscribe(client: AuthenticatedClient, url: str, event_types: Sequence[str] = EVENT_TYPES,
                    ) -> EndpointWithSecretOut:
    answer = await register_endpoint.asyncio(client=client, body=RegisterEndpoint(url=url,
                                                                                  event_types=list(event_types)))
    if isinstance(answer, Problem) or answer is None:
        raise ApiError(answer) if isinstance(answer, Problem) else RuntimeError("no answer")
    return answer


class Inbox:
    """The events received, once each, kept in a JSON-lines file (so a restart forgets nothing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.events: list[dict[str, Any]] = ([json.loads(line) for line in path.read_text().splitlines() if line]
                                             if path.exists() else [])
        self.seen = {event["id"] for event in self.events}

    def add(self, event: dict[str, Any]) -> bool:
        """False for an event already received."""
        if event["id"] in self.seen:
            return False
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.seen.add(event["id"])
        self.events.append(event)
        return True


def receiver(secret: Callable[[], str], inbox: Inbox, path: str = "/hooks") -> Starlette:
    """An ASGI app taking deliveries at `path`: 400 for a bad signature, 204 once the event is kept."""

    async def take(request: Request) -> Response:
        body = await request.body()
        try:
            event = verify_signature(secret(), request.headers.get("pacte-signature"), body)
        except InvalidSignature:
            return Response(status_code=400)
        inbox.add(event)
        return Response(status_code=204)

    return Starlette(routes=[Route(path, take, methods=["POST"])])
