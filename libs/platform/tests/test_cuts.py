"""Consistent cuts over the real broker and database: a consumer holds each partition at its marker.

What a producer committed before announcing the cut is applied before the cut aligns, and nothing
committed after it is, whatever the partitions, a chaotic relay (duplicates, reordering), or a
consumer restarted while it holds.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream.kafka import KafkaBroker
from helpers import HelloSaid, setup_schema

from pacte_contracts.envelope import wrap
from pacte_platform import cuts, kafka, outbox
from pacte_platform.consumer import BatchConsumer, Consumed, Emitter, subscribe
from pacte_testing import Infra, wait_until

PARTITIONS = 3
CUT = "closing:2019-09"


@pytest.fixture
async def topic(infra: Infra) -> str:
    name = f"platform.cuttest.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=infra.bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name=name, num_partitions=PARTITIONS, replication_factor=1)])
    finally:
        await admin.close()
    return name


@pytest.fixture
async def producer(infra: Infra) -> AsyncIterator[AIOKafkaProducer]:
    producer = await kafka.create_producer(infra.bootstrap, idempotent=infra.broker_kind == "apache")
    yield producer
    await producer.stop()


@pytest.fixture
async def pools(database_url: str) -> AsyncIterator[tuple[asyncpg.Pool, asyncpg.Pool]]:
    suffix = uuid.uuid4().hex[:8]
    producer_pool = await setup_schema(database_url, f"cut_producer_{suffix}")
    consumer_pool = await setup_schema(database_url, f"cut_consumer_{suffix}")
    async with consumer_pool.acquire() as conn:
        await conn.execute("CREATE TABLE cut_snapshots (cut_id text, numbers int[])")
        await conn.execute("CREATE TABLE marker_batches (tx bigint)")
    yield producer_pool, consumer_pool
    await producer_pool.close()
    await consumer_pool.close()


async def say(pool: asyncpg.Pool, topic: str, numbers: range) -> None:
    """One transaction per greeting, keyed so that they spread over every partition."""
    for n in numbers:
        async with pool.acquire() as conn, conn.transaction():
            event = HelloSaid(greeter=f"g{n % 7}", number=n)
            await outbox.append_envelopes(conn, [wrap(event, producer="test")], [topic])


async def relay_everything(database_url: str, schema: str, pool: asyncpg.Pool, producer: AIOKafkaProducer,
                           *, chaos: bool = False) -> None:
    relay = outbox.OutboxRelay(service="test", schema=schema, database_url=database_url, pool=pool,
                               producer=producer, batch_size=17, chaos_reorder_duplicate=chaos)
    while await relay.drain_once():
        pass


async def start(infra: Infra, pool: asyncpg.Pool, topic: str, name: str, *, release_at_once: bool,
                awaited: frozenset[str] | None = None) -> tuple[KafkaBroker, BatchConsumer]:
    async def handler(conn: asyncpg.Connection, events: list[Consumed], _: Emitter) -> None:
        await conn.executemany("INSERT INTO greetings (greeter, number, event_id) VALUES ($1, $2, $3)",
                               [(c.event.greeter, c.event.number, c.envelope.event_id)  # type: ignore[attr-defined]
                                for c in events])

    async def on_cut(conn: asyncpg.Connection, cut_id: str, _: Emitter) -> bool:
        await conn.execute("INSERT INTO cut_snapshots SELECT $1, coalesce(array_agg(number ORDER BY number), '{}') "
                           "FROM greetings", cut_id)
        return release_at_once

    async def before_markers(conn: asyncpg.Connection) -> None:
        await conn.execute("INSERT INTO marker_batches SELECT txid_current()")

    async def takes_cut(_: asyncpg.Connection, cut_id: str) -> bool:
        return awaited is None or cut_id in awaited

    broker = KafkaBroker(infra.bootstrap, logger=None)
    consumer = BatchConsumer(name=name, topics=[topic], handler=handler, service="test", pool=pool,
                             on_cut=on_cut, takes_cut=takes_cut, before_markers=before_markers,
                             cut_topics=frozenset({topic}))
    subscribe(broker, consumer, max_records=10, batch_timeout_ms=20, instances=2)
    await broker.start()
    return broker, consumer


async def numbers(pool: asyncpg.Pool) -> list[int]:
    async with pool.acquire() as conn:
        return sorted({r[0] for r in await conn.fetch("SELECT number FROM greetings")})


async def snapshot(pool: asyncpg.Pool) -> list[Any]:
    async with pool.acquire() as conn:
        return [(r[0], list(r[1])) for r in await conn.fetch("SELECT cut_id, numbers FROM cut_snapshots")]


@pytest.mark.parametrize("chaos", [False, True], ids=["relay", "chaotic-relay"])
async def test_the_cut_holds_exactly_what_was_committed_before_it(infra: Infra, database_url: str, topic: str,
                                                                  pools: Any, producer: AIOKafkaProducer,
                                                                  chaos: bool) -> None:
    producer_pool, consumer_pool = pools
    schema = await producer_pool.fetchval("SELECT current_schema()")
    await say(producer_pool, topic, range(0, 40))
    async with producer_pool.acquire() as conn, conn.transaction():
        await cuts.announce(conn, CUT, [topic], producer="test")
    await say(producer_pool, topic, range(40, 80))
    await relay_everything(database_url, schema, producer_pool, producer, chaos=chaos)
    broker, _ = await start(infra, consumer_pool, topic, f"cut-{uuid.uuid4().hex[:6]}", release_at_once=True)
    try:
        await wait_until(lambda: _has_snapshot(consumer_pool), timeout=60)
        assert await snapshot(consumer_pool) == [(CUT, list(range(40)))]
        await wait_until(lambda: _all_applied(consumer_pool, 80), timeout=60)
        async with consumer_pool.acquire() as conn:
            prepared = await conn.fetchval("SELECT count(*) FROM marker_batches")
        # Once per batch that recorded markers (a batch may bring several partitions' markers).
        assert 1 <= prepared <= PARTITIONS
    finally:
        await broker.stop()


async def test_the_markers_of_a_cut_not_awaited_hold_nothing(infra: Infra, database_url: str, topic: str,
                                                              pools: Any, producer: AIOKafkaProducer) -> None:
    """A cut announced without the initiator's request (only some producers' markers will ever come)
    must not hold the partitions for good; the initiator's own cut after it still holds."""
    producer_pool, consumer_pool = pools
    schema = await producer_pool.fetchval("SELECT current_schema()")
    await say(producer_pool, topic, range(0, 20))
    async with producer_pool.acquire() as conn, conn.transaction():
        await cuts.announce(conn, "closing:2034-07", [topic], producer="elsewhere")
    await say(producer_pool, topic, range(20, 40))
    async with producer_pool.acquire() as conn, conn.transaction():
        await cuts.announce(conn, CUT, [topic], producer="test")
    await say(producer_pool, topic, range(40, 60))
    await relay_everything(database_url, schema, producer_pool, producer)
    broker, _ = await start(infra, consumer_pool, topic, f"cut-{uuid.uuid4().hex[:6]}", release_at_once=True,
                            awaited=frozenset({CUT}))
    try:
        await wait_until(lambda: _has_snapshot(consumer_pool), timeout=60)
        assert await snapshot(consumer_pool) == [(CUT, list(range(40)))]
        await wait_until(lambda: _all_applied(consumer_pool, 60), timeout=60)
        async with consumer_pool.acquire() as conn:
            prepared = await conn.fetchval("SELECT count(*) FROM marker_batches")
        assert 1 <= prepared <= PARTITIONS, "the markers of a cut not awaited pass like records: no preparation"
    finally:
        await broker.stop()


async def test_held_partitions_wait_for_the_release_even_across_a_restart(
        infra: Infra, database_url: str, topic: str, pools: Any, producer: AIOKafkaProducer) -> None:
    producer_pool, consumer_pool = pools
    schema = await producer_pool.fetchval("SELECT current_schema()")
    name = f"cut-{uuid.uuid4().hex[:6]}"
    await say(producer_pool, topic, range(0, 25))
    async with producer_pool.acquire() as conn, conn.transaction():
        await cuts.announce(conn, CUT, [topic], producer="test")
    await say(producer_pool, topic, range(25, 50))
    await relay_everything(database_url, schema, producer_pool, producer)
    broker, _ = await start(infra, consumer_pool, topic, name, release_at_once=False)
    try:
        await wait_until(lambda: _has_snapshot(consumer_pool), timeout=60)
        assert await snapshot(consumer_pool) == [(CUT, list(range(25)))]
        async with consumer_pool.acquire() as conn:
            progress = await cuts.progress_of(conn, name, CUT)
        assert progress is not None and progress.status == "aligned" and not progress.awaited
        assert len(progress.expected) == PARTITIONS
        await asyncio.sleep(1.5)  # the later greetings are fetched, but not applied
        assert await numbers(consumer_pool) == list(range(25))
    finally:
        await broker.stop()
    # A new process of the group (a restart, or another member after a rebalance) holds them too.
    broker, _ = await start(infra, consumer_pool, topic, name, release_at_once=False)
    try:
        await wait_until(lambda: _consumed_up_to_markers(infra, name, topic), timeout=30)
        await asyncio.sleep(1.5)
        assert await numbers(consumer_pool) == list(range(25))
        async with consumer_pool.acquire() as conn:
            await cuts.release(conn, name, CUT)
        await wait_until(lambda: _all_applied(consumer_pool, 50), timeout=60)
        assert await snapshot(consumer_pool) == [(CUT, list(range(25)))], "a cut aligns once"
    finally:
        await broker.stop()


async def _has_snapshot(pool: asyncpg.Pool) -> bool:
    return bool(await snapshot(pool))


async def _all_applied(pool: asyncpg.Pool, count: int) -> bool:
    return await numbers(pool) == list(range(count))


async def _consumed_up_to_markers(infra: Infra, group: str, topic: str) -> bool:
    """The group's committed offsets stand right after each partition's marker (nothing later)."""
    lag = await kafka.consumer_lag(infra.bootstrap, {group: [topic]})
    return lag[group] > 0


async def test_two_consumers_cut_every_partition_at_the_same_place(infra: Infra, database_url: str, topic: str,
                                                                  pools: Any, producer: AIOKafkaProducer) -> None:
    """Greetings committed while the cut is announced (concurrent transactions, some before, some after,
    some racing it) land on one side of the cut only, and on the same side for two consumers, as
    billing's invoices and indicators' milestone figures must; what committed before is inside."""
    producer_pool, consumer_pool = pools
    schema = await producer_pool.fetchval("SELECT current_schema()")
    before = range(0, 30)
    await say(producer_pool, topic, before)

    async def racing(numbers: range) -> None:
        await say(producer_pool, topic, numbers)

    async def announce() -> None:
        async with producer_pool.acquire() as conn, conn.transaction():
            await cuts.announce(conn, CUT, [topic], producer="test")

    await asyncio.gather(racing(range(30, 60)), announce(), racing(range(60, 90)))
    await say(producer_pool, topic, range(90, 100))
    await relay_everything(database_url, schema, producer_pool, producer)
    first, _ = await start(infra, consumer_pool, topic, f"cut-a-{uuid.uuid4().hex[:6]}", release_at_once=True)
    try:
        await wait_until(lambda: _has_snapshot(consumer_pool), timeout=60)
        await wait_until(lambda: _all_applied(consumer_pool, 100), timeout=60)
    finally:
        await first.stop()
    # A second consumer of the same log, its own group and database table: the same cut.
    async with consumer_pool.acquire() as conn:
        seen_first = list((await conn.fetchrow("SELECT numbers FROM cut_snapshots"))[0])
        await conn.execute("TRUNCATE greetings, cut_snapshots")
    second, _ = await start(infra, consumer_pool, topic, f"cut-b-{uuid.uuid4().hex[:6]}", release_at_once=True)
    try:
        await wait_until(lambda: _has_snapshot(consumer_pool), timeout=60)
        seen_second = (await snapshot(consumer_pool))[0][1]
    finally:
        await second.stop()
    assert seen_first == seen_second
    assert set(before) <= set(seen_first) and not set(range(90, 100)) & set(seen_first)
