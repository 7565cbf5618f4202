"""The FastStream wiring: batch subscribers with manual acknowledgement around a BatchConsumer.

A batch is acknowledged (its offsets committed) only after its transaction committed and its held
partitions were sought back; a batch that failed is not acknowledged but sought back, to be fetched
again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka.errors import CommitFailedError, IllegalStateError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from pacte_platform.consumer.batch import BatchConsumer
from pacte_platform.consumer.errors import RetryLater
from pacte_platform.logging import get_logger

log = get_logger(component="consumer")


async def _undecoded(_: Any) -> None:
    # Decoding happens in BatchConsumer, per record, so that a poison message reaches the DLQ
    # instead of failing inside FastStream where a manual-ack batch would be silently skipped.
    return None


async def _lean_batch(message: Any, original: Callable[[Any], Awaitable[Any]]) -> Any:
    """FastStream's batch parser builds a dictionary of decoded headers per record, which nothing
    here reads (BatchConsumer works on the raw records): about 6% of a busy consumer's CPU. This
    builds the same batch message without them; it falls back to FastStream's parser when that
    parser's shape is not the one this was written against."""
    parser = getattr(original, "__self__", None)
    msg_class, kafka_consumer = getattr(parser, "msg_class", None), getattr(parser, "_consumer", None)
    if msg_class is None or kafka_consumer is None or not isinstance(message, tuple) or not message:
        return await original(message)
    first, last = message[0], message[-1]
    return msg_class(
        body=[m.value or b"" for m in message], headers={}, batch_headers=[], reply_to="", content_type=None,
        message_id=f"{first.offset}-{last.offset}-{first.timestamp}", correlation_id=None, raw_message=message,
        path={}, consumer=kafka_consumer,
    )


_CLIENT_PARTITION_FETCH_BYTES = 1024 * 1024
_CLIENT_FETCH_BYTES = 50 * 1024 * 1024


def subscribe(broker: KafkaBroker, consumer: BatchConsumer, *, max_records: int, batch_timeout_ms: int,
              session_timeout_ms: int = 30_000, instances: int = 1,
              partition_fetch_bytes: int | None = None) -> None:
    """Registers the consumer as FastStream batch subscriber(s) with manual acknowledgement.

    With `instances` > 1 the process holds that many members of the consumer group, each with its
    own partitions, batches and transactions: one decodes while another waits for the database.
    """
    for n in range(instances):
        _subscribe_one(broker, consumer, max_records=max_records, batch_timeout_ms=batch_timeout_ms,
                       session_timeout_ms=session_timeout_ms, member=n, partition_fetch_bytes=partition_fetch_bytes)


def _subscribe_one(broker: KafkaBroker, consumer: BatchConsumer, *, max_records: int, batch_timeout_ms: int,
                   session_timeout_ms: int, member: int, partition_fetch_bytes: int | None) -> None:
    # None keeps aiokafka's defaults. Otherwise a response may fill every partition of a topic (8 by
    # deploy/topics.yaml) without being cut short.
    per_partition = partition_fetch_bytes or _CLIENT_PARTITION_FETCH_BYTES
    per_request = _CLIENT_FETCH_BYTES if partition_fetch_bytes is None else partition_fetch_bytes * 8
    subscriber = broker.subscriber(
        *consumer.topics,
        group_id=consumer.name,
        batch=True,
        max_records=max_records,
        batch_timeout_ms=batch_timeout_ms,
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        decoder=_undecoded,
        parser=_lean_batch,
        max_poll_interval_ms=600_000,
        session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(500, min(3_000, session_timeout_ms // 3)),
        title=f"{consumer.service}/{consumer.name}" + (f"#{member + 1}" if member else ""),
        description=f"Batch consumer {consumer.name} of {consumer.service} (inbox, one transaction per batch).",
        max_partition_fetch_bytes=per_partition,
        fetch_max_bytes=per_request,
    )

    consumer.subscribers.append(subscriber)

    async def on_batch(body: Any, message: KafkaMessage) -> None:
        raw = message.raw_message
        records = list(raw) if isinstance(raw, tuple) else [raw]
        try:
            holds = await consumer.process(records)
            await consumer.hold(message.consumer, holds)
        except Exception as exc:
            # Nothing of the failed batch is acknowledged: seek back so it is fetched again (the
            # database being down lands here too). Committing a later batch would skip it.
            if not isinstance(exc, RetryLater):
                log.warning("batch not processed, will be fetched again", consumer=consumer.name, error=repr(exc))
            await asyncio.sleep(0.5)
            await message.nack()
            return
        try:
            await message.ack()
        except (CommitFailedError, IllegalStateError) as exc:
            # A rebalance took the partitions away: the new owner redelivers, the inbox absorbs it.
            log.info("offset commit refused after a rebalance; redelivery expected", consumer=consumer.name,
                     error=repr(exc))

    subscriber(on_batch)
