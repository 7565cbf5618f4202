"""Outbox → Kafka → inbox over the real broker and database."""

from __future__ import annotations

import asyncio
import uuid
from typing import ClassVar

import asyncpg

from pacte_contracts.envelope import Event, register
from pacte_platform import db, kafka, migrations, outbox
from pacte_platform.consumer import BatchConsumer, Consumed, Emitter, subscribe
from pacte_platform.testing import Infra

HELLO_TOPIC = "platform.hello.v1"


@register
class HelloSaid(Event):
    TOPIC: ClassVar[str] = HELLO_TOPIC
    KEY_FIELD: ClassVar[str] = "greeter"
    greeter: str
    number: int


async def setup_schema(url: str, schema: str) -> asyncpg.Pool:
    conn = await asyncpg.connect(url)
    await migrations.ensure_platform_tables(conn, schema)
    await conn.execute(f'CREATE TABLE IF NOT EXISTS "{schema}".greetings (greeter text, number int, event_id uuid)')
    await conn.close()
    return await db.create_pool(url, schema)


async def test_hello_goes_from_outbox_to_inbox(infra: Infra, database_url: str) -> None:
    from faststream.kafka import KafkaBroker

    producer_pool = await setup_schema(database_url, "hello_producer")
    consumer_pool = await setup_schema(database_url, "hello_consumer")
    greeter = f"g-{uuid.uuid4().hex[:6]}"
    async with producer_pool.acquire() as conn, conn.transaction():
        await outbox.append(conn, [HelloSaid(greeter=greeter, number=i) for i in range(20)], producer="test")
    producer = await kafka.create_producer(infra.bootstrap, idempotent=infra.broker_kind == "apache")
    relay = outbox.OutboxRelay(service="test", schema="hello_producer", database_url=database_url,
                               pool=producer_pool, producer=producer)
    assert await relay.drain_once() == 20

    async def handler(conn: asyncpg.Connection, events: list[Consumed], emit: Emitter) -> None:
        await conn.executemany("INSERT INTO greetings VALUES ($1, $2, $3)",
                               [(c.event.greeter, c.event.number, c.envelope.event_id) for c in events  # type: ignore[attr-defined]
                                if getattr(c.event, "greeter", None) == greeter])

    broker = KafkaBroker(infra.bootstrap, logger=None)
    consumer = BatchConsumer(name=f"hello-{greeter}", topics=[HELLO_TOPIC], handler=handler, service="test",
                             pool=consumer_pool)
    subscribe(broker, consumer, max_records=100, batch_timeout_ms=20)
    await broker.start()
    try:
        for _ in range(200):
            async with consumer_pool.acquire() as conn:
                rows = await conn.fetch("SELECT number FROM greetings WHERE greeter = $1 ORDER BY number", greeter)
            if len(rows) == 20:
                break
            await asyncio.sleep(0.1)
        assert [r["number"] for r in rows] == list(range(20))
        lag = await kafka.consumer_lag(infra.bootstrap, {consumer.name: [HELLO_TOPIC]})
        for _ in range(50):
            if lag[consumer.name] == 0:
                break
            await asyncio.sleep(0.1)
            lag = await kafka.consumer_lag(infra.bootstrap, {consumer.name: [HELLO_TOPIC]})
        assert lag[consumer.name] == 0
    finally:
        await broker.stop()
        await producer.stop()
        await producer_pool.close()
        await consumer_pool.close()
