"""Failure bookkeeping: the attempts counted against a message that keeps failing, in PostgreSQL.

A message failing alone is counted in `consumer_failures`; after `max_attempts` (at once for a
poison message) it is dead-lettered, before that the batch is fetched again. A batch that commits
forgets the failures of its records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer, ConsumerRecord

from pacte_platform.consumer.dead_letters import dead_letter
from pacte_platform.consumer.errors import PoisonMessage, RetryLater
from pacte_platform.logging import get_logger
from pacte_platform.metrics import CONSUMER_FAILURES

log = get_logger(component="consumer")


async def handle_failure(pool: asyncpg.Pool, consumer: str, record: ConsumerRecord[Any, Any], exc: BaseException,
                         *, max_attempts: int, dlq_producer: AIOKafkaProducer | None) -> None:
    """Counts an attempt of the message; raises RetryLater unless it is now dead-lettered."""
    CONSUMER_FAILURES.labels(consumer).inc()
    error = f"{type(exc).__name__}: {exc}"[:4000]
    async with pool.acquire() as conn:
        attempts = await conn.fetchval(
            """INSERT INTO consumer_failures (consumer, topic, partition, "offset", attempts, last_error)
               VALUES ($1, $2, $3, $4, 1, $5)
               ON CONFLICT (consumer, topic, partition, "offset")
               DO UPDATE SET attempts = consumer_failures.attempts + 1, last_error = EXCLUDED.last_error,
                             updated_at = clock_timestamp()
               RETURNING attempts""",
            consumer, record.topic, record.partition, record.offset, error,
        )
    log.warning("message failed", consumer=consumer, topic=record.topic, partition=record.partition,
                offset=record.offset, attempts=attempts, error=error)
    if attempts < max_attempts and not isinstance(exc, PoisonMessage):
        raise RetryLater(error) from exc
    await dead_letter(pool, consumer, record, error, attempts, dlq_producer)


async def forget_failures(conn: asyncpg.Connection, consumer: str, records: Sequence[ConsumerRecord[Any, Any]]
                          ) -> None:
    """In the transaction of a batch that succeeds: its records' failed attempts are history."""
    # Failures are rare: one cheap probe spares every batch the array-building delete.
    if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM consumer_failures WHERE consumer = $1)", consumer):
        await conn.execute(
            """DELETE FROM consumer_failures WHERE consumer = $1 AND (topic, partition, "offset") IN
               (SELECT * FROM unnest($2::text[], $3::int[], $4::bigint[]))""",
            consumer, [r.topic for r in records], [r.partition for r in records], [r.offset for r in records],
        )
