"""The commands of the webhooks API: one strict model each, and the pure decisions on them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import Field

from pacte_contracts.refusals import Rejection
from pacte_contracts.types import Code, Command, Id, NonEmptyText, Text

from .notifications import EVENT_TYPES
from .urls import MAX_URL_LENGTH, Target, UrlRefused, parse_target


class RegisterEndpoint(Command):
    """An organisation registers a URL to receive some event types, signed with a secret shown once."""

    NAME = "webhook_endpoint.register"
    url: Annotated[NonEmptyText, Field(max_length=MAX_URL_LENGTH, examples=["https://erp.example.fr/pacte/hooks"])]
    event_types: Annotated[list[Code], Field(min_length=1, max_length=len(EVENT_TYPES))]
    description: Annotated[Text, Field(max_length=500)] | None = None


class DisableEndpoint(Command):
    NAME = "webhook_endpoint.disable"
    endpoint_id: Id


class RotateSecret(Command):
    NAME = "webhook_endpoint.rotate_secret"
    endpoint_id: Id


class ReplayDelivery(Command):
    NAME = "webhook_delivery.replay"
    delivery_id: Id


COMMANDS = (RegisterEndpoint, DisableEndpoint, RotateSecret, ReplayDelivery)


def decide_registration(command: RegisterEndpoint) -> Target | Rejection:
    """The URL's target if its form and event types are acceptable (where it resolves: the caller)."""
    unknown = sorted(set(command.event_types) - set(EVENT_TYPES))
    if unknown:
        return Rejection.invalid(f"unknown event types {', '.join(unknown)}; see GET /v1/webhook-event-types")
    try:
        return parse_target(command.url)
    except UrlRefused as exc:
        return Rejection.invalid(f"url: {exc}")


def subscribed(event_types: Sequence[str]) -> list[str]:
    """Stored sorted and once each."""
    return sorted(set(event_types))
