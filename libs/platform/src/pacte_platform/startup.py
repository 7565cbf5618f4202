"""Waiting for the database and the broker at start-up, for a bounded time.

A service restarted while PostgreSQL or Kafka is busy, restarting or still electing a group
coordinator would otherwise exit at its first refused connection, and whoever runs it (the local
stack, an orchestrator) would have to tell that from a real fault. Only failures to reach a
dependency are retried; anything else (a refused migration, bad credentials) ends the start at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg
from aiokafka.errors import KafkaConnectionError, KafkaError

from pacte_platform.logging import get_logger

T = TypeVar("T")
log = get_logger(component="startup")


def unreachable(exc: BaseException) -> bool:
    """A dependency not reachable yet, as opposed to one that refuses what the service asks."""
    if isinstance(exc, asyncpg.InvalidAuthorizationSpecificationError | asyncpg.InvalidPasswordError):
        return False
    if isinstance(exc, OSError | asyncio.TimeoutError | asyncpg.PostgresConnectionError | asyncpg.InterfaceError
                  | asyncpg.CannotConnectNowError | asyncpg.TooManyConnectionsError | KafkaConnectionError):
        return True
    return isinstance(exc, KafkaError) and bool(getattr(exc, "retriable", False))


async def when_reachable(what: str, attempt: Callable[[], Awaitable[T]], *, timeout_s: float,
                         undo: Callable[[], Awaitable[None]] | None = None) -> T:
    """`attempt()` until it succeeds, retrying unreachable dependencies with a growing delay for at
    most `timeout_s`; `undo()` (best effort) cleans up a half-done attempt before the next one."""
    deadline = time.monotonic() + timeout_s
    delay = 0.25
    while True:
        try:
            return await attempt()
        except Exception as exc:
            if not unreachable(exc) or time.monotonic() + delay > deadline:
                raise
            log.warning("dependency not reachable at start-up, retrying", what=what, error=repr(exc)[:300],
                        retry_in_s=delay)
            if undo is not None:
                try:
                    await undo()
                except Exception as cleanup:  # the next attempt starts from scratch anyway
                    log.debug("start-up clean-up failed", what=what, error=repr(cleanup)[:300])
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
