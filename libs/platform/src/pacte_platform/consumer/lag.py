"""The consumer lag gauge, read from the consumer's own Kafka clients (no broker round trip)."""

from __future__ import annotations

import asyncio

from aiokafka.errors import IllegalStateError

from pacte_platform.consumer.batch import BatchConsumer
from pacte_platform.metrics import CONSUMER_LAG


async def observe_lag(consumer: BatchConsumer) -> None:
    """Sets the lag gauge from the consumer's own positions: per topic, the assigned partitions' high
    watermarks (known from the last fetch, no broker round trip) minus the next offsets to hand out."""
    clients = [c for c in (getattr(s, "consumer", None) for s in consumer.subscribers) if c is not None]
    if not clients:
        return
    lag = dict.fromkeys(consumer.topics, 0)
    for client in clients:  # the members of one group in this process share out the partitions
        for tp in client.assignment():
            highwater = client.highwater(tp)
            if highwater is None:
                continue
            try:
                position = await asyncio.wait_for(client.position(tp), timeout=1.0)
            except (TimeoutError, IllegalStateError):
                continue  # no position yet, or the partition went away in a rebalance
            lag[tp.topic] = lag.get(tp.topic, 0) + max(0, highwater - position)
    for topic, value in lag.items():
        CONSUMER_LAG.labels(consumer.service, consumer.name, topic).set(value)
