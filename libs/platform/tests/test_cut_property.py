"""Property: however a consumer's batches cut the log, and whatever restarts in between, what it
applied when the cut aligns is exactly what precedes the markers; two consumers agree on it.

Records are handed to the real `BatchConsumer` (its database state, holds and `on_cut`) without a
broker, so Hypothesis can try many logs, batchings and interleavings of partitions quickly.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
from aiokafka import ConsumerRecord
from helpers import HelloSaid, setup_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacte_contracts.envelope import CutMarker, Envelope, wrap
from pacte_platform import cuts
from pacte_platform.consumer import BatchConsumer, Consumed, Emitter

TOPIC = "platform.cutprop.v1"
CUT = "closing:2020-01"


@dataclass
class Log:
    """Per partition, in order: greeting numbers and one marker (None)."""

    partitions: list[list[int | None]]

    def before_markers(self) -> set[int]:
        return {n for part in self.partitions for n in part[:part.index(None)] if n is not None}


@st.composite
def logs(draw: Any) -> Log:
    count = draw(st.integers(1, 3))
    numbers = iter(range(10_000))
    partitions = []
    for _ in range(count):
        before = draw(st.integers(0, 6))
        after = draw(st.integers(0, 6))
        partitions.append([next(numbers) for _ in range(before)] + [None] + [next(numbers) for _ in range(after)])
    return Log(partitions)


def record(partition: int, offset: int, envelope: Envelope) -> ConsumerRecord[bytes, bytes]:
    value = envelope.model_dump_json().encode()
    headers = [("event_type", envelope.type.encode()), ("event_id", str(envelope.event_id).encode())]
    return ConsumerRecord(TOPIC, partition, offset, 0, 0, envelope.key.encode(), value, None, len(b""), len(value),
                          headers)


class FakeMember:
    """What a member's aiokafka client does for holds: a position per partition, paused or not."""

    def __init__(self, log: list[list[ConsumerRecord[bytes, bytes]]]) -> None:
        self.log = log
        self.position = [0] * len(log)
        self.paused: set[int] = set()

    def partitions_for_topic(self, topic: str) -> set[int]:
        return set(range(len(self.log)))

    def fetch(self, draw: Any) -> list[ConsumerRecord[bytes, bytes]]:
        """A batch as getmany gives it: 1 to 4 next records of each unpaused partition it picks, in order."""
        batch: list[ConsumerRecord[bytes, bytes]] = []
        for p in draw(st.permutations(range(len(self.log)))):
            if p in self.paused or self.position[p] >= len(self.log[p]) or (batch and draw(st.booleans())):
                continue
            chunk = self.log[p][self.position[p]:self.position[p] + draw(st.integers(1, 4))]
            batch.extend(chunk)
            self.position[p] += len(chunk)
        return batch

    def done(self) -> bool:
        return all(pos >= len(part) for pos, part in zip(self.position, self.log, strict=True))


async def consume(pool: asyncpg.Pool, log: list[list[ConsumerRecord[bytes, bytes]]], draw: Any,
                  restarts: bool) -> set[int]:
    name = f"prop-{uuid.uuid4().hex[:8]}"
    seen: set[int] = set()
    aligned: list[str] = []

    async def handler(conn: asyncpg.Connection, events: list[Consumed], _: Emitter) -> None:
        await conn.executemany("INSERT INTO greetings (greeter, number, event_id) VALUES ($1, $2, $3)",
                               [(name, c.event.number, c.envelope.event_id) for c in events])  # type: ignore[attr-defined]

    async def on_cut(conn: asyncpg.Connection, cut_id: str, _: Emitter) -> bool:
        seen.update(r[0] for r in await conn.fetch("SELECT number FROM greetings WHERE greeter = $1", name))
        aligned.append(cut_id)
        return False  # released later, as billing does

    member = FakeMember(log)
    consumer = BatchConsumer(name=name, topics=[TOPIC], handler=handler, service="test", pool=pool, on_cut=on_cut,
                             cut_topics=frozenset({TOPIC}), subscribers=[type("S", (), {"consumer": member})()])
    released = False
    while not (member.done() and released):
        if restarts and draw(st.booleans()):
            # A restart or a rebalance: a member starting from the committed positions, nothing paused.
            member.paused.clear()
        batch = member.fetch(draw)
        if batch:
            for (_, partition), (offset, _) in (await consumer.process(batch)).items():
                member.position[partition] = offset  # seek back to the first record not applied
                member.paused.add(partition)
        elif aligned and not released:
            async with pool.acquire() as conn:
                await cuts.release(conn, name, CUT)
            released = True
            member.paused.clear()
        else:
            assert not member.paused, "partitions held although the cut never aligned"
    assert aligned == [CUT], "the cut aligns once"
    return seen


@pytest.fixture
async def pool(database_url: str) -> Iterator[asyncpg.Pool]:
    pool = await setup_schema(database_url, f"cut_prop_{uuid.uuid4().hex[:8]}")
    yield pool  # type: ignore[misc]
    await pool.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=logs(), data=st.data())
async def test_the_cut_is_what_precedes_the_markers_whatever_the_batches(pool: asyncpg.Pool, log: Log,
                                                                         data: st.DataObject) -> None:
    records = []
    for p, part in enumerate(log.partitions):
        row = []
        for offset, number in enumerate(part):
            envelope = wrap(CutMarker(cut_id=CUT, producer="test") if number is None
                            else HelloSaid(greeter="g", number=number), producer="test")
            row.append(record(p, offset, envelope))
        records.append(row)
    first = await consume(pool, records, data.draw, restarts=False)
    second = await consume(pool, records, data.draw, restarts=True)
    assert first == second == log.before_markers()
