"""From a Kafka record to what a handler receives: its headers, its envelope and event, its checks.

Decoding happens per record inside the batch (not in FastStream), so that a record that cannot be
decoded or fails its check is a `PoisonMessage` the failure bookkeeping dead-letters.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Collection
from typing import Any

from aiokafka import ConsumerRecord

from pacte_contracts.envelope import EVENT_TYPES, Event, decode_message
from pacte_platform.consumer.errors import PoisonMessage
from pacte_platform.consumer.handler import Consumed
from pacte_platform.mirrors import MirrorDecoder

_UNDECODABLE = uuid.UUID("6f1c7a8e-3c55-4d4e-9a51-0c1f6b9e2d10")

#: A record and its `event_type` header.
Typed = tuple[ConsumerRecord[Any, Any], str | None]


def _header(record: ConsumerRecord[Any, Any], wanted: str) -> str | None:
    for name, value in record.headers or ():
        if name == wanted:
            return bytes(value).decode(errors="replace")
    return None


def record_event_id(record: ConsumerRecord[Any, Any]) -> uuid.UUID:
    value = _header(record, "event_id")
    if value is not None:
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    # Without a usable id the message's place in the log identifies it.
    return uuid.uuid5(_UNDECODABLE, f"{record.topic}:{record.partition}:{record.offset}")


def decode(record: ConsumerRecord[Any, Any], mirrors: MirrorDecoder | None = None,
           event_type: str | None = None) -> Consumed:
    """`event_type`: the record's header, when the caller read it (a mirrored type is decoded so)."""
    try:
        if mirrors is not None and event_type in mirrors:
            assert event_type is not None
            envelope, event = mirrors.decode(record.value, event_type)
        else:
            envelope, event = decode_message(record.value)
    except Exception as exc:
        raise PoisonMessage(f"{type(exc).__name__}: {exc}"[:2000]) from exc
    return Consumed(envelope, event, record.topic, record.partition, record.offset)


def decode_checked(record: ConsumerRecord[Any, Any], event_type: str | None, mirrors: MirrorDecoder | None,
                   check: Callable[[Event], None] | None) -> Consumed:
    """`decode`, then `check` (BatchConsumer.check): an event it refuses is a poison message."""
    consumed = decode(record, mirrors, event_type)
    # A mirror is never of a signed contract (`mirror` refuses them): the check is about those.
    if check is not None and isinstance(consumed.event, Event):
        try:
            check(consumed.event)
        except ValueError as exc:
            raise PoisonMessage(str(exc)[:2000]) from exc
    return consumed


def record_event_type(record: ConsumerRecord[Any, Any]) -> str | None:
    for name, value in record.headers or ():
        if name == "event_type":
            return _type_name(bytes(value))
    return None


@functools.lru_cache(maxsize=1024)
def _type_name(value: bytes) -> str:
    # A handful of distinct type names, read on every record of every batch: decoded once each.
    return value.decode(errors="replace")


def event_type_names(types: Collection[type[Event]]) -> frozenset[str]:
    """The registered event types that are, or derive from, one of `types`."""
    bases = tuple(types)
    return frozenset(name for name, model in EVENT_TYPES.items() if issubclass(model, bases))
