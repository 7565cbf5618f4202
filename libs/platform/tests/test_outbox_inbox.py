"""Delivery guarantees of the platform, over the real broker and database."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord
from faststream.kafka import KafkaBroker
from helpers import HELLO_TOPIC, HelloSaid, setup_schema

from pacte_contracts.envelope import wrap
from pacte_platform import kafka, outbox
from pacte_platform.consumer import BatchConsumer, Consumed, Emitter, InboxRace, subscribe
from pacte_platform.settings import PlatformSettings
from pacte_testing import Infra, wait_until

HERE = Path(__file__).parent


def greeting_handler(greeter: str):  # type: ignore[no-untyped-def]
    async def handler(conn: asyncpg.Connection, events: list[Consumed], emit: Emitter) -> None:
        rows = [(c.event.greeter, c.event.number, c.envelope.event_id) for c in events  # type: ignore[attr-defined]
                if isinstance(c.event, HelloSaid) and c.event.greeter == greeter]
        if any(r[1] < 0 for r in rows):
            raise ValueError("negative greetings are poison until the fix")
        await conn.executemany("INSERT INTO greetings (greeter, number, event_id) VALUES ($1, $2, $3)", rows)

    return handler


async def greetings(pool: asyncpg.Pool, greeter: str) -> list[int]:
    async with pool.acquire() as conn:
        return [r["number"] for r in await conn.fetch(
            "SELECT number FROM greetings WHERE greeter = $1 ORDER BY seq", greeter)]


async def start_consumer(infra: Infra, pool: asyncpg.Pool, greeter: str, name: str | None = None,
                         producer: AIOKafkaProducer | None = None) -> tuple[KafkaBroker, BatchConsumer]:
    broker = KafkaBroker(infra.bootstrap, logger=None)
    consumer = BatchConsumer(name=name or f"hello-{greeter}", topics=[HELLO_TOPIC], handler=greeting_handler(greeter),
                             service="test", pool=pool, max_attempts=3, dlq_producer=producer)
    subscribe(broker, consumer, max_records=50, batch_timeout_ms=20)
    await broker.start()
    return broker, consumer


@pytest.fixture
async def pools(database_url: str) -> Any:
    producer_pool = await setup_schema(database_url, "hello_producer")
    consumer_pool = await setup_schema(database_url, "hello_consumer")
    yield producer_pool, consumer_pool
    await producer_pool.close()
    await consumer_pool.close()


@pytest.fixture
async def producer(infra: Infra) -> Any:
    producer = await kafka.create_producer(infra.bootstrap, idempotent=infra.broker_kind == "apache")
    yield producer
    await producer.stop()


def new_greeter() -> str:
    return f"g-{uuid.uuid4().hex[:8]}"


async def test_hello_goes_from_outbox_to_inbox_in_key_order(infra: Infra, database_url: str, pools: Any,
                                                            producer: AIOKafkaProducer) -> None:
    producer_pool, consumer_pool = pools
    greeter = new_greeter()
    async with producer_pool.acquire() as conn, conn.transaction():
        await outbox.append(conn, [HelloSaid(greeter=greeter, number=i) for i in range(200)], producer="test")
    relay = outbox.OutboxRelay(service="test", schema="hello_producer", database_url=database_url,
                               pool=producer_pool, producer=producer, batch_size=64)
    while await relay.drain_once():
        pass
    broker, consumer = await start_consumer(infra, consumer_pool, greeter)
    try:
        await wait_until(lambda: _count_is(consumer_pool, greeter, 200))
        assert await greetings(consumer_pool, greeter) == list(range(200)), "per-key order must hold end to end"

        async def caught_up() -> bool:
            return (await kafka.consumer_lag(infra.bootstrap, {consumer.name: [HELLO_TOPIC]}))[consumer.name] == 0

        await wait_until(caught_up)
    finally:
        await broker.stop()


async def _count_is(pool: asyncpg.Pool, greeter: str, n: int) -> bool:
    return len(await greetings(pool, greeter)) >= n


async def test_crash_between_commit_and_publish_relays_later_once(infra: Infra, database_url: str, pools: Any,
                                                                  producer: AIOKafkaProducer) -> None:
    producer_pool, consumer_pool = pools
    greeter = new_greeter()
    # The transaction commits; the process "dies" before any relay runs: the rows wait in the outbox.
    async with producer_pool.acquire() as conn, conn.transaction():
        await outbox.append(conn, [HelloSaid(greeter=greeter, number=i) for i in range(5)], producer="test")
    broker, _ = await start_consumer(infra, consumer_pool, greeter)
    try:
        await asyncio.sleep(0.5)
        assert await greetings(consumer_pool, greeter) == []
        relay = outbox.OutboxRelay(service="test", schema="hello_producer", database_url=database_url,
                                   pool=producer_pool, producer=producer)
        assert await relay.drain_once() == 5
        assert await relay.drain_once() == 0
        await wait_until(lambda: _count_is(consumer_pool, greeter, 5))
        await asyncio.sleep(0.5)
        assert await greetings(consumer_pool, greeter) == [0, 1, 2, 3, 4]
    finally:
        await broker.stop()


async def test_a_slowed_relay_pauses_before_each_batch_and_takes_what_committed_meanwhile(
        infra: Infra, database_url: str, pools: Any, producer: AIOKafkaProducer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """PACTE_CHAOS_RELAY_DELAY_MS (the closing tests' slow relay): off by default; when set, the relay
    waits before reading each batch, so rows committed meanwhile are still published, in order."""
    monkeypatch.delenv("PACTE_CHAOS_RELAY_DELAY_MS", raising=False)
    assert PlatformSettings().chaos_relay_delay_ms == 0
    monkeypatch.setenv("PACTE_CHAOS_RELAY_DELAY_MS", "400")
    delay_s = PlatformSettings().chaos_relay_delay_ms / 1000
    producer_pool, consumer_pool = pools
    greeter = new_greeter()
    async with producer_pool.acquire() as conn, conn.transaction():
        await outbox.append(conn, [HelloSaid(greeter=greeter, number=i) for i in range(5)], producer="test")
    relay = outbox.OutboxRelay(service="test", schema="hello_producer", database_url=database_url,
                               pool=producer_pool, producer=producer, chaos_delay_s=delay_s)
    started = time.monotonic()
    draining = asyncio.create_task(relay.drain_once())
    await asyncio.sleep(0.05)
    async with producer_pool.acquire() as conn, conn.transaction():
        await outbox.append(conn, [HelloSaid(greeter=greeter, number=i) for i in range(5, 10)], producer="test")
    assert await draining == 10
    assert time.monotonic() - started >= delay_s
    broker, _ = await start_consumer(infra, consumer_pool, greeter)
    try:
        await wait_until(lambda: _count_is(consumer_pool, greeter, 10))
        assert await greetings(consumer_pool, greeter) == list(range(10))
    finally:
        await broker.stop()


async def test_relay_crash_after_publish_is_absorbed_by_the_inbox(infra: Infra, database_url: str, pools: Any,
                                                                  producer: AIOKafkaProducer) -> None:
    producer_pool, consumer_pool = pools
    greeter = new_greeter()
    async with producer_pool.acquire() as conn, conn.transaction():
        await outbox.append(conn, [HelloSaid(greeter=greeter, number=i) for i in range(5)], producer="test")

    async def crash(_: list[int]) -> None:
        raise RuntimeError("relay died after the broker acked")

    crashing = outbox.OutboxRelay(service="test", schema="hello_producer", database_url=database_url,
                                  pool=producer_pool, producer=producer, before_delete=crash)
    with pytest.raises(RuntimeError):
        await crashing.drain_once()
    healthy = outbox.OutboxRelay(service="test", schema="hello_producer", database_url=database_url,
                                 pool=producer_pool, producer=producer)
    assert await healthy.drain_once() == 5, "the rows survived the crash and are published again"
    broker, consumer = await start_consumer(infra, consumer_pool, greeter)
    try:
        await wait_until(lambda: _count_is(consumer_pool, greeter, 5))
        await asyncio.sleep(1)
        assert await greetings(consumer_pool, greeter) == [0, 1, 2, 3, 4]
        async with consumer_pool.acquire() as conn:
            assert await conn.fetchval(
                """SELECT count(DISTINCT g.event_id) FROM greetings g JOIN inbox i ON i.event_id = g.event_id
                   WHERE g.greeter = $1 AND i.consumer = $2""", greeter, consumer.name) == 5
    finally:
        await broker.stop()


async def test_same_event_n_times_and_concurrently_gives_one_effect(infra: Infra, pools: Any,
                                                                     producer: AIOKafkaProducer) -> None:
    _, consumer_pool = pools
    greeter = new_greeter()
    envelope = wrap(HelloSaid(greeter=greeter, number=1), producer="test")
    headers = [("event_id", str(envelope.event_id).encode()), ("event_type", b"HelloSaid")]
    for _ in range(5):
        await producer.send_and_wait(HELLO_TOPIC, envelope.model_dump_json().encode(), key=greeter.encode(),
                                     headers=headers)
    record = ConsumerRecord(topic=HELLO_TOPIC, partition=0, offset=1, timestamp=0, timestamp_type=0,
                            key=greeter.encode(), value=envelope.model_dump_json().encode(), checksum=None,
                            serialized_key_size=0, serialized_value_size=0, headers=headers)
    # Two members of one group handed the same event at the same time (a rebalance in flight).
    twins = [BatchConsumer(name=f"hello-{greeter}", topics=[HELLO_TOPIC], handler=greeting_handler(greeter),
                           service="test", pool=consumer_pool) for _ in range(2)]

    async def deliver(consumer: BatchConsumer) -> None:
        while True:
            try:
                await consumer.process([record, record])
                return
            except InboxRace:  # the twin recorded it first: the subscriber fetches the batch again
                await asyncio.sleep(0.05)

    await asyncio.gather(*(deliver(c) for c in twins for _ in range(3)))
    broker, _ = await start_consumer(infra, consumer_pool, greeter)
    try:
        await asyncio.sleep(2)
        assert await greetings(consumer_pool, greeter) == [1]
    finally:
        await broker.stop()


async def test_poison_message_goes_to_dlq_and_replays_after_fix(infra: Infra, database_url: str, pools: Any,
                                                                 producer: AIOKafkaProducer) -> None:
    _, consumer_pool = pools
    greeter = new_greeter()
    sent = [HelloSaid(greeter=greeter, number=n) for n in (1, -2, 3)]
    envelopes = [wrap(e, producer="test") for e in sent]
    for env in envelopes:
        await producer.send_and_wait(HELLO_TOPIC, env.model_dump_json().encode(), key=greeter.encode(),
                                     headers=[("event_id", str(env.event_id).encode())])
    await producer.send_and_wait(HELLO_TOPIC, b"\xff not json", key=greeter.encode())
    name = f"hello-{greeter}"
    broker, _ = await start_consumer(infra, consumer_pool, greeter, name=name, producer=producer)
    try:
        await wait_until(lambda: _count_is(consumer_pool, greeter, 2), timeout=30)
        assert await greetings(consumer_pool, greeter) == [1, 3], "the partition kept flowing past the poison"

        async def two_dead() -> bool:
            async with consumer_pool.acquire() as conn:
                return int(await conn.fetchval("SELECT count(*) FROM dead_letters WHERE consumer = $1", name)) == 2

        await wait_until(two_dead, timeout=30)
        async with consumer_pool.acquire() as conn:
            rows = await conn.fetch("SELECT error, attempts, headers FROM dead_letters WHERE consumer = $1 ORDER BY id",
                                    name)
        assert rows[0]["attempts"] == 3 and "negative greetings" in rows[0]["error"]
        assert rows[1]["attempts"] == 1 and "PoisonMessage" in rows[1]["error"]  # undecodable: no retry helps
        assert rows[0]["headers"]["dlq_origin_topic"] == HELLO_TOPIC
    finally:
        await broker.stop()
    # The fix: negative greetings become acceptable. Replay through the CLI's code path.
    from pacte_cli import dlq

    fixed_handler_greeter = greeter

    async def fixed(conn: asyncpg.Connection, events: list[Consumed], emit: Emitter) -> None:
        await conn.executemany("INSERT INTO greetings (greeter, number, event_id) VALUES ($1, $2, $3)",
                               [(c.event.greeter, c.event.number, c.envelope.event_id)  # type: ignore[attr-defined]
                                for c in events if isinstance(c.event, HelloSaid)
                                and c.event.greeter == fixed_handler_greeter])

    broker = KafkaBroker(infra.bootstrap, logger=None)
    subscribe(broker, BatchConsumer(name=name, topics=[HELLO_TOPIC], handler=fixed, service="test",
                                    pool=consumer_pool, dlq_producer=producer), max_records=50, batch_timeout_ms=20)
    await broker.start()
    try:
        assert await dlq.replay(database_url, infra.bootstrap, "hello_consumer", None) == 2
        await wait_until(lambda: _count_is(consumer_pool, greeter, 3), timeout=30)
        await asyncio.sleep(0.5)
        assert sorted(await greetings(consumer_pool, greeter)) == [-2, 1, 3]
    finally:
        await broker.stop()


async def test_sigkill_mid_batch_loses_and_doubles_nothing(infra: Infra, database_url: str, pools: Any,
                                                           producer: AIOKafkaProducer) -> None:
    _, consumer_pool = pools
    greeter = new_greeter()
    count = 3000
    for i in range(count):
        env = wrap(HelloSaid(greeter=greeter, number=i), producer="test")
        await producer.send(HELLO_TOPIC, env.model_dump_json().encode(), key=str(i % 7).encode(),
                            headers=[("event_id", str(env.event_id).encode())])
    await producer.flush()
    env = {**os.environ, "DATABASE_URL": database_url, "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap,
           "GREETER": greeter, "PYTHONPATH": str(HERE)}
    worker = [sys.executable, str(HERE / "slow_consumer.py")]
    first = subprocess.Popen(worker, env=env, start_new_session=True)
    try:
        await wait_until(lambda: _count_is(consumer_pool, greeter, 300), timeout=60)
        os.killpg(first.pid, signal.SIGKILL)  # mid-batch: the worker sleeps inside its transactions
        first.wait(10)
        partial = len(await greetings(consumer_pool, greeter))
        assert 0 < partial < count
        second = subprocess.Popen(worker, env=env, start_new_session=True)
        try:
            await wait_until(lambda: _count_is(consumer_pool, greeter, count), timeout=120)
            await asyncio.sleep(1)
            numbers = await greetings(consumer_pool, greeter)
            assert sorted(numbers) == list(range(count)), "nothing lost, nothing doubled"
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(20)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
