"""A starting service waits, for a bounded time, for dependencies it cannot reach yet, and for nothing else."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest
from aiokafka.errors import KafkaConnectionError, UnknownTopicOrPartitionError

from pacte_platform.startup import unreachable, when_reachable


def test_what_counts_as_not_reachable_yet() -> None:
    assert unreachable(ConnectionRefusedError())
    assert unreachable(asyncpg.CannotConnectNowError("the database system is starting up"))
    assert unreachable(asyncpg.TooManyConnectionsError("too many clients already"))
    assert unreachable(KafkaConnectionError("Unable to bootstrap"))
    assert unreachable(UnknownTopicOrPartitionError())  # retriable in Kafka's own terms
    assert not unreachable(asyncpg.InvalidPasswordError("password authentication failed"))
    assert not unreachable(ValueError("migration 0003 was edited after it was applied"))


async def test_an_unreachable_dependency_is_tried_again_and_half_done_attempts_undone() -> None:
    calls: list[str] = []

    async def attempt() -> str:
        calls.append("attempt")
        if len([c for c in calls if c == "attempt"]) < 3:
            raise ConnectionRefusedError("not yet")
        return "connected"

    async def undo() -> None:
        calls.append("undo")

    assert await when_reachable("test", attempt, timeout_s=10, undo=undo) == "connected"
    assert calls == ["attempt", "undo", "attempt", "undo", "attempt"]


async def test_other_failures_end_the_start_at_once() -> None:
    async def attempt() -> None:
        raise ValueError("refused")

    started = time.monotonic()
    with pytest.raises(ValueError, match="refused"):
        await when_reachable("test", attempt, timeout_s=10)
    assert time.monotonic() - started < 0.1


async def test_it_gives_up_after_the_timeout() -> None:
    async def attempt() -> None:
        await asyncio.sleep(0)
        raise ConnectionRefusedError("never")

    started = time.monotonic()
    with pytest.raises(ConnectionRefusedError):
        await when_reachable("test", attempt, timeout_s=1)
    assert 0.5 < time.monotonic() - started < 2
