"""The envelope every event travels in, and the registry of event types."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Event(BaseModel):
    """Base of every event payload: a past-tense fact.

    `TOPIC` is the versioned topic the event travels on, `KEY_FIELD` the payload field whose value
    is the message key (the aggregate that needs ordering). New optional fields may be added in a
    later version of a contract; removing or retyping a field needs a new topic version.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    TOPIC: ClassVar[str]
    KEY_FIELD: ClassVar[str]
    VERSION: ClassVar[int] = 1

    @classmethod
    def event_type(cls) -> str:
        return cls.__name__

    def key(self) -> str:
        return str(getattr(self, self.KEY_FIELD))


class Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: uuid.UUID
    type: str
    version: int = 1
    occurred_at: AwareDatetime
    correlation_id: str | None = None
    producer: str
    key: str
    payload: dict[str, Any] = Field(default_factory=dict)

    def decode(self) -> Event:
        model = EVENT_TYPES.get(self.type)
        if model is None:
            raise UnknownEventType(self.type)
        return model.model_validate(self.payload)


class UnknownEventType(ValueError):
    pass


EVENT_TYPES: dict[str, type[Event]] = {}

E = TypeVar("E", bound=type[Event])


def register(model: E) -> E:
    name = model.event_type()
    if name in EVENT_TYPES and EVENT_TYPES[name] is not model:
        raise ValueError(f"event type {name} registered twice")
    EVENT_TYPES[name] = model
    return model


def wrap(event: Event, *, producer: str, correlation_id: str | None = None,
         event_id: uuid.UUID | None = None, occurred_at: datetime | None = None) -> Envelope:
    return Envelope(
        event_id=event_id or uuid.uuid4(),
        type=event.event_type(),
        version=event.VERSION,
        occurred_at=occurred_at or datetime.now(UTC),
        correlation_id=correlation_id,
        producer=producer,
        key=event.key(),
        payload=event.model_dump(mode="json"),
    )
