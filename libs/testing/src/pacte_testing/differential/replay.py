"""Replaying a history on both sides: how a consumer receives it, a scratch schema that forgets each
example, and the settings every differential test shares."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import asyncpg
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from pacte_contracts.envelope import EnvelopeHead, Event, new_event_id
from pacte_platform import db, migrations
from pacte_platform.consumer import Consumed, Emitter, Handler
from pacte_testing import create_database

from .histories import histories

T = TypeVar("T")

#: A few hundred examples keep `make test` quick; PACTE_DIFFERENTIAL_EXAMPLES=5000 searches deeper.
EXAMPLES = int(os.environ.get("PACTE_DIFFERENTIAL_EXAMPLES", "200"))
#: The settings of a differential test: each example makes database round trips, so no deadline.
differential = settings(max_examples=EXAMPLES, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def as_consumed(events: Sequence[Event], *, producer: str = "test") -> list[Consumed]:
    """`events` as a consumer's handler receives them, in this order (offsets 0, 1, ...), each under a new
    event id, as if delivered from partition 0 of its topic."""
    now = datetime.now(UTC)
    return [Consumed(EnvelopeHead(event_id=new_event_id(), type=e.event_type(), occurred_at=now, producer=producer,
                                  key=e.key()), e, e.TOPIC, 0, offset) for offset, e in enumerate(events)]


@st.composite
def deliveries(draw: st.DrawFn, events: list[Event], max_batches: int = 6) -> list[list[Consumed]]:
    """``events`` as a consumer receives them: in any order, a few again under a new event id (a
    producer's retry), cut into 1 to ``max_batches`` batches of any sizes."""
    again = draw(st.lists(st.sampled_from(events), max_size=len(events) // 3)) if events else []
    consumed = as_consumed(draw(st.permutations([*events, *again])), producer="history")
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(consumed) - 1)), max_size=max_batches - 1)))
    return [consumed[start:end] for start, end in zip([0, *cuts], [*cuts, len(consumed)], strict=True)
            if start < end]


def replayed(data: st.DataObject, corrections: bool = False) -> tuple[list[Event], list[list[Consumed]]]:
    """A random history (with version 2's corrections if asked), and how it reaches the consumer."""
    events = data.draw(histories(corrections), label="history")
    return events, data.draw(deliveries(events), label="deliveries")


async def consume(conn: asyncpg.Connection, handler: Handler, batches: list[list[Consumed]]) -> None:
    """Hands each batch to a consumer's handler in a transaction of its own, as the platform does."""
    for batch in batches:
        async with conn.transaction():
            await handler(conn, batch, Emitter(producer="differential"))


class ScratchSchema:
    """A service's migrated schema in a fresh database, for synchronous Hypothesis tests: each
    :meth:`run` is one transaction rolled back at its end, so examples neither see each other nor
    pay for a truncation. Handlers' own transactions nest in it as savepoints."""

    def __init__(self, base_url: str, schema: str, migrations_dir: Path) -> None:
        self._loop = asyncio.Runner()
        self._conn: asyncpg.Connection = self._loop.run(self._open(base_url, schema, migrations_dir))

    @staticmethod
    async def _open(base_url: str, schema: str, migrations_dir: Path) -> asyncpg.Connection:
        url = await create_database(base_url)
        conn = await db.connect(url, schema)
        await migrations.ensure_platform_tables(conn, schema)
        await migrations.migrate(conn, schema, migrations_dir)
        return conn

    def run(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        async def rolled_back() -> T:
            transaction = self._conn.transaction()
            await transaction.start()
            try:
                return await work(self._conn)
            finally:
                await transaction.rollback()

        return self._loop.run(rolled_back())

    def close(self) -> None:
        self._loop.run(self._conn.close())
        self._loop.close()

    def __enter__(self) -> ScratchSchema:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
