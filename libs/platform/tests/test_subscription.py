"""What a busy consumer asks the broker for: enough per fetch to fill its batches (settings.py says why)."""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker

from pacte_platform.consumer import BatchConsumer, subscribe


async def _nothing(conn: Any, events: Any) -> None:
    return None


def _consumer() -> BatchConsumer:
    return BatchConsumer(name="fetching", topics=["hello.v1"], handler=_nothing, service="test", pool=None,
                         dlq_producer=None)


def test_a_busy_consumer_fetches_its_partitions_in_large_requests() -> None:
    consumer = _consumer()
    subscribe(KafkaBroker("localhost:9", logger=None), consumer, max_records=5000, batch_timeout_ms=20,
              instances=2, partition_fetch_bytes=4 * 1024 * 1024)

    assert len(consumer.subscribers) == 2
    for subscriber in consumer.subscribers:
        args = subscriber._connection_args
        assert args["max_partition_fetch_bytes"] == 4 * 1024 * 1024
        assert args["fetch_max_bytes"] == 32 * 1024 * 1024  # every partition of a topic of 8 at once


def test_other_consumers_keep_the_clients_default() -> None:
    consumer = _consumer()
    subscribe(KafkaBroker("localhost:9", logger=None), consumer, max_records=50, batch_timeout_ms=20)

    (subscriber,) = consumer.subscribers
    assert subscriber._connection_args["max_partition_fetch_bytes"] == 1024 * 1024  # aiokafka's
    assert subscriber._connection_args["fetch_max_bytes"] == 50 * 1024 * 1024
