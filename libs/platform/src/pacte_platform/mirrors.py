"""msgspec mirrors of hot contracts, generated from their pydantic models.

A consumer whose traffic is mostly one or two event types (billing's facts: attendance records) spends
a third of its Python time in pydantic. A mirror is a msgspec struct generated at import from the
contract's own fields, so the contract keeps one home: a field the generator cannot translate exactly
(a validator, a constraint, a type msgspec reads differently) makes `mirror` refuse the model.

Decoding stays the contract's: msgspec is stricter than pydantic's lax mode (a revision sent as "3"
or 3.0, a date in another ISO form), and whatever it refuses is decoded again by the pydantic model
(`decode_message`) and then converted, so a message is accepted, refused and valued as the contract
says, only faster when it is already in canonical form (tests/test_mirrors.py checks both ways).
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from collections.abc import Collection
from typing import Any, ClassVar, Literal

import msgspec
from pydantic import BaseModel

from pacte_contracts.envelope import EnvelopeHead, Event, decode_message


class NotMirrorable(TypeError):
    """The contract has a field whose validation msgspec would not reproduce exactly."""


class Mirrored(msgspec.Struct, frozen=True, kw_only=True):
    """Base of the generated mirrors: `contract` is the pydantic model a mirror stands for."""

    contract: ClassVar[type[BaseModel]]


#: Types msgspec decodes from JSON to the same value as pydantic, refusing a subset of what pydantic takes.
_ATOMS: frozenset[Any] = frozenset({str, int, bool, datetime.date})


def _translate(annotation: Any, where: str) -> Any:
    origin = typing.get_origin(annotation)
    if annotation in _ATOMS or annotation is type(None):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, enum.StrEnum):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return mirror(annotation)
    if origin is Literal and all(isinstance(a, str) for a in typing.get_args(annotation)):
        return annotation
    if origin in (typing.Union, types.UnionType):
        members = [_translate(a, where) for a in typing.get_args(annotation)]
        return typing.Union[tuple(members)]  # noqa: UP007 (built from a runtime tuple)
    raise NotMirrorable(f"{where}: {annotation!r} has no exact msgspec mirror")


_MIRRORS: dict[type[BaseModel], type[Mirrored]] = {}


def mirror(model: type[BaseModel]) -> type[Mirrored]:
    """The msgspec struct of `model`'s fields (same names, types, defaults), cached per model."""
    if model in _MIRRORS:
        return _MIRRORS[model]
    config = model.model_config
    if config.get("extra", "ignore") != "ignore" or config.get("strict") or hasattr(model, "signed_content"):
        # Unknown fields must be ignored as pydantic does; a signed contract's check needs its model.
        raise NotMirrorable(f"{model.__name__}: its configuration or signature has no mirror")
    fields: list[Any] = []
    for name, info in model.model_fields.items():
        where = f"{model.__name__}.{name}"
        if info.metadata or info.alias or info.validation_alias or info.default_factory is not None:
            raise NotMirrorable(f"{where}: constraints, aliases or factories have no exact mirror")
        kind = _translate(info.annotation, where)
        fields.append((name, kind) if info.is_required() else (name, kind, info.default))
    if model.__pydantic_decorators__.field_validators or model.__pydantic_decorators__.model_validators:
        raise NotMirrorable(f"{model.__name__}: validators have no mirror")
    struct = typing.cast(type[Mirrored], msgspec.defstruct(
        model.__name__, fields, bases=(Mirrored,), frozen=True, kw_only=True, module=__name__,
        namespace={"contract": model}))
    _MIRRORS[model] = struct
    return struct


def contract_of(event: Event | Mirrored) -> type[BaseModel]:
    """The contract class of a decoded event, mirrored or not."""
    return event.contract if isinstance(event, Mirrored) else type(event)


class MirrorDecoder:
    """Decodes the messages of some event types into their mirrors, envelope and payload in one pass."""

    def __init__(self, models: Collection[type[Event]]) -> None:
        self._mirrors = {m.event_type(): mirror(m) for m in models}
        # The envelope's own fields (EnvelopeHead's), its payload typed with the mirror.
        self._decoders: dict[str, msgspec.json.Decoder[Any]] = {
            name: msgspec.json.Decoder(msgspec.defstruct(
                f"EnvelopeOf{name}", [("payload", struct)], bases=(EnvelopeHead,), frozen=True, kw_only=True))
            for name, struct in self._mirrors.items()}

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._decoders

    def decode(self, value: bytes, event_type: str) -> tuple[EnvelopeHead, Event | Mirrored]:
        """`event_type` is the record's header: the envelope's own type must agree, or the message
        goes the contract's way (which then decides what it is)."""
        try:
            head: EnvelopeHead = self._decoders[event_type].decode(value)
            if head.type == event_type:
                mirrored: Mirrored = head.payload  # type: ignore[assignment]  # the generated payload field
                return head, mirrored
        except msgspec.DecodeError:  # its ValidationError too
            pass
        head, event = decode_message(value)
        struct = self._mirrors.get(head.type)
        if struct is None:
            return head, event
        return head, msgspec.convert(event.model_dump(), struct, from_attributes=True)
