"""Listing and replaying dead-lettered messages (kept in each service's `dead_letters` table)."""

from __future__ import annotations

from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer


async def list_dead_letters(database_url: str, schemas: list[str]) -> list[dict[str, Any]]:
    conn = await asyncpg.connect(database_url)
    rows: list[dict[str, Any]] = []
    try:
        for schema in schemas:
            exists = await conn.fetchval("SELECT to_regclass($1)", f'"{schema}".dead_letters')
            if not exists:
                continue
            for row in await conn.fetch(
                f'SELECT id, consumer, topic, partition, "offset", event_id, error, attempts, dead_at, replayed_at '
                f'FROM "{schema}".dead_letters ORDER BY id'
            ):
                rows.append({"service": schema, **dict(row)})
    finally:
        await conn.close()
    return rows


async def replay(database_url: str, bootstrap: str, schema: str, ids: list[int] | None, **security: Any) -> int:
    """Republishes dead letters to their original topic and lets the consumer that failed take them again.

    The consumer's inbox row marked `dead_letter` is removed so the same event id is processed;
    consumers of other groups that already processed it skip it through their own inbox.
    """
    conn = await asyncpg.connect(database_url)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", **security)
    await producer.start()
    count = 0
    try:
        query = (f'SELECT * FROM "{schema}".dead_letters WHERE replayed_at IS NULL'
                 + (" AND id = ANY($1::bigint[])" if ids else "") + " ORDER BY id")
        rows = await conn.fetch(query, ids) if ids else await conn.fetch(query)
        for row in rows:
            headers = [(k, str(v).encode()) for k, v in (row["headers"] or {}).items() if not k.startswith("dlq_")] \
                if isinstance(row["headers"], dict) else []
            async with conn.transaction():
                await conn.execute(f'DELETE FROM "{schema}".inbox WHERE consumer = $1 AND event_id = $2',
                                   row["consumer"], row["event_id"])
                await producer.send_and_wait(row["topic"], value=bytes(row["value"]) if row["value"] else b"",
                                             key=bytes(row["key"]) if row["key"] else None, headers=headers)
                await conn.execute(f'UPDATE "{schema}".dead_letters SET replayed_at = now() WHERE id = $1', row["id"])
            count += 1
    finally:
        await producer.stop()
        await conn.close()
    return count
