"""The dead-letter topic: where a message that keeps failing goes, so that its partition flows on.

It is published to `<topic>.dlq` with its error and origin in headers, kept in `dead_letters`, and
recorded in the inbox with the outcome `dead_letter`, in one transaction with forgetting its failures.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer, ConsumerRecord

from pacte_contracts.topics import dlq_topic
from pacte_platform.consumer.decoding import record_event_id
from pacte_platform.logging import get_logger
from pacte_platform.metrics import CONSUMED_EVENTS, DEAD_LETTERS

log = get_logger(component="consumer")


async def dead_letter(pool: asyncpg.Pool, consumer: str, record: ConsumerRecord[Any, Any], error: str,
                      attempts: int, producer: AIOKafkaProducer | None) -> None:
    event_id = record_event_id(record)
    async with pool.acquire() as conn:
        # A poison message redelivered (its offset was not committed: a rebalance, a crash) was
        # dead-lettered already: decoding fails before the inbox could skip it, so look here.
        if await conn.fetchval(
            """SELECT EXISTS (SELECT 1 FROM dead_letters WHERE consumer = $1 AND topic = $2 AND partition = $3
               AND "offset" = $4)""", consumer, record.topic, record.partition, record.offset):
            await conn.execute(
                """DELETE FROM consumer_failures WHERE consumer = $1 AND topic = $2 AND partition = $3
                   AND "offset" = $4""", consumer, record.topic, record.partition, record.offset)
            log.info("poison message redelivered, already dead-lettered", consumer=consumer,
                     topic=record.topic, partition=record.partition, offset=record.offset)
            return
    headers = [
        ("dlq_error", error.encode()),
        ("dlq_consumer", consumer.encode()),
        ("dlq_origin_topic", record.topic.encode()),
        ("dlq_origin_partition", str(record.partition).encode()),
        ("dlq_origin_offset", str(record.offset).encode()),
        ("dlq_attempts", str(attempts).encode()),
        *[(k, v) for k, v in (record.headers or ()) if not k.startswith("dlq_")],
    ]
    if producer is not None:
        await producer.send_and_wait(dlq_topic(record.topic), value=record.value, key=record.key, headers=headers)
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            """INSERT INTO dead_letters (consumer, topic, partition, "offset", event_id, key, value, headers,
                                         error, attempts)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
            consumer, record.topic, record.partition, record.offset, event_id, record.key, record.value,
            {k: v.decode(errors="replace") for k, v in headers}, error, attempts,
        )
        await conn.execute(
            """INSERT INTO inbox (consumer, event_id, outcome) VALUES ($1, $2, 'dead_letter')
               ON CONFLICT DO NOTHING""",
            consumer, event_id,
        )
        await conn.execute(
            """DELETE FROM consumer_failures WHERE consumer = $1 AND topic = $2 AND partition = $3
               AND "offset" = $4""",
            consumer, record.topic, record.partition, record.offset,
        )
    DEAD_LETTERS.labels(consumer, record.topic).inc()
    CONSUMED_EVENTS.labels(consumer, "dead_letter").inc()
    log.error("message sent to the dead-letter topic", consumer=consumer, topic=record.topic,
              partition=record.partition, offset=record.offset, attempts=attempts)
