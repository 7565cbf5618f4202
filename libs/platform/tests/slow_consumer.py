"""A consumer process for the SIGKILL test: slow transactions so a kill lands mid-batch."""

from __future__ import annotations

import asyncio
import os
import signal

import asyncpg
from faststream.kafka import KafkaBroker
from helpers import HELLO_TOPIC, HelloSaid, setup_schema

from pacte_platform.consumer import BatchConsumer, Consumed, Emitter, subscribe


async def main() -> None:
    greeter = os.environ["GREETER"]
    pool = await setup_schema(os.environ["DATABASE_URL"], "hello_consumer")

    async def handler(conn: asyncpg.Connection, events: list[Consumed], emit: Emitter) -> None:
        rows = [(c.event.greeter, c.event.number, c.envelope.event_id) for c in events  # type: ignore[attr-defined]
                if isinstance(c.event, HelloSaid) and c.event.greeter == greeter]
        await conn.executemany("INSERT INTO greetings (greeter, number, event_id) VALUES ($1, $2, $3)", rows)
        await asyncio.sleep(0.05)

    broker = KafkaBroker(os.environ["KAFKA_BOOTSTRAP_SERVERS"], logger=None)
    subscribe(broker, BatchConsumer(name=f"hello-{greeter}", topics=[HELLO_TOPIC], handler=handler, service="test",
                                    pool=pool), max_records=100, batch_timeout_ms=20)
    await broker.start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await broker.stop()


asyncio.run(main())
