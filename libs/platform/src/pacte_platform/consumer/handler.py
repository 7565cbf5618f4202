"""What a consumer's handler receives and emits, and the shapes of the callables a consumer takes.

Services write their handlers against these names only: they change when the handler contract does,
never with how batches are fetched, recorded or retried.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import asyncpg

from pacte_contracts.envelope import Envelope, EnvelopeHead, Event
from pacte_platform.mirrors import Mirrored


@dataclass(frozen=True, slots=True)
class Consumed:
    envelope: EnvelopeHead | Envelope
    #: The contract's model, or its msgspec mirror for the types a consumer decodes that way.
    event: Event | Mirrored
    topic: str
    partition: int
    offset: int


@dataclass
class Emitter:
    """Collects the events a handler emits; they join the outbox in the batch's transaction."""

    producer: str
    events: list[Event] = field(default_factory=list)
    correlation_id: str | None = None

    def emit(self, *events: Event) -> None:
        self.events.extend(events)


Handler = Callable[[asyncpg.Connection, list[Consumed], Emitter], Awaitable[None]]
#: Runs in the transaction in which a cut became aligned (every marker in): `(conn, cut_id, emit)`;
#: True releases the cut at once, False keeps the partitions held until `cuts.release`.
CutHandler = Callable[[asyncpg.Connection, str, Emitter], Awaitable[bool]]
#: `(conn)`: first in the transaction of a batch that records cut markers, before the handler: where a
#: service takes the locks its `on_cut` will need, so the batch never holds its handler's locks while
#: waiting for them (ConsumerSpec.before_markers).
MarkerPreparation = Callable[[asyncpg.Connection], Awaitable[None]]
#: `(conn, cut_id)`: True when the consumer waits for this cut (ConsumerSpec.takes_cut).
CutFilter = Callable[[asyncpg.Connection, str], Awaitable[bool]]
