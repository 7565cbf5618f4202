"""Holding Kafka partitions at a cut: seeking back to the first record not applied, pausing, resuming.

The cut's state is in PostgreSQL (pacte_platform.cuts); this is the Kafka side of it: a held
partition is paused on its member until its cut is released, checked by a background task.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from aiokafka import TopicPartition
from aiokafka.errors import IllegalStateError

from pacte_platform import cuts
from pacte_platform.consumer.errors import INFRASTRUCTURE_ERRORS
from pacte_platform.consumer.markers import Holds

#: Partitions paused at a marker, by member, with the cut each waits for.
Paused = dict[tuple[Any, TopicPartition], str]


async def seek_and_pause(pool: asyncpg.Pool, consumer: str, client: Any, holds: Holds, paused: Paused) -> None:
    """Seeks each held partition back to its first record not applied; pauses it (and adds it to
    `paused`) unless its cut is already released."""
    async with pool.acquire() as conn:
        done = await cuts.released(conn, consumer, sorted({cut for _, cut in holds.values()}))
    for (topic, partition), (offset, cut_id) in holds.items():
        tp = TopicPartition(topic, partition)
        client.seek(tp, offset)
        if cut_id not in done:
            client.pause(tp)
            paused[(client, tp)] = cut_id


async def resume_when_released(pool: asyncpg.Pool, consumer: str, paused: Paused) -> None:
    """Polls the paused partitions' cuts; resumes each partition once its cut is released."""
    while paused:
        await asyncio.sleep(0.05)
        try:
            async with pool.acquire() as conn:
                done = await cuts.released(conn, consumer, sorted(set(paused.values())))
        except INFRASTRUCTURE_ERRORS:
            continue
        for (client, tp), cut_id in list(paused.items()):
            if cut_id in done:
                del paused[(client, tp)]
                try:
                    client.resume(tp)
                except IllegalStateError:
                    pass  # taken away by a rebalance; its new owner checks the cut itself
