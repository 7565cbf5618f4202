"""A consumed batch reduced to one event per business key, before one statement per table writes it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from pacte_contracts.envelope import Event

E = TypeVar("E", bound=Event)
K = TypeVar("K", bound=Hashable)


def newest(events: Iterable[E], key: Callable[[E], K], rank: Callable[[E], int]) -> list[E]:
    """One event per key: the highest rank (revision, sequence); the first one seen on ties."""
    best: dict[K, E] = {}
    for event in events:
        k = key(event)
        if k not in best or rank(event) > rank(best[k]):
            best[k] = event
    return list(best.values())


def first(events: Iterable[E], key: Callable[[E], K]) -> list[E]:
    """One event per key (a redelivery, or a fact that never changes)."""
    return newest(events, key, lambda _: 0)
