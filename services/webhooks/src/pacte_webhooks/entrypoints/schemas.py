"""Answers of the webhooks API."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field


class EndpointOut(BaseModel):
    endpoint_id: str
    url: str
    description: str | None
    event_types: list[str]
    status: str = Field(description="active | disabled")
    created_at: datetime
    updated_at: datetime


class EndpointWithSecretOut(EndpointOut):
    secret: str | None = Field(description="The signing secret, shown once: in this answer only (a replay of the "
                                           "same Idempotency-Key shows null). Stored encrypted.")


class EndpointPage(BaseModel):
    items: list[EndpointOut]
    next_cursor: str | None


class EventTypeOut(BaseModel):
    event_type: str
    description: str


class AttemptOut(BaseModel):
    attempt: int
    attempted_at: datetime
    duration_ms: int
    status_code: int | None = Field(description="the receiver's HTTP status; null when it did not answer")
    error: str | None = Field(description="why it failed (our words: the receiver's body is never kept)")


class DeliveryOut(BaseModel):
    delivery_id: uuid.UUID
    notification_id: uuid.UUID = Field(description="the event's `id` in the body: the same on every attempt and "
                                                   "replay, to deduplicate")
    endpoint_id: str
    event_type: str
    status: str = Field(description="pending (being attempted or waiting for a retry) | delivered | failed")
    attempts: int
    next_attempt_at: datetime
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    replays: int
    created_at: datetime


class DeliveryDetailOut(DeliveryOut):
    attempt_log: list[AttemptOut]


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None
