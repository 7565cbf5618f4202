"""The raw baseline: the plainest pipeline the hardware allows for the same events.

aiokafka `getmany` → msgspec decode of the envelope (only the fields a ledger needs) →
asyncpg `copy_records_to_table` into one plain table, one transaction per batch,
offsets committed after the database commit. No inbox, no business rules.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec
from aiokafka import AIOKafkaConsumer


class _Payload(msgspec.Struct):
    session_id: str
    trainee_key: str = ""
    date: str = ""
    hours_present: str = "0"
    revision: int = 0


class _Envelope(msgspec.Struct):
    event_id: str
    type: str
    payload: _Payload


_DECODER = msgspec.json.Decoder(_Envelope)


async def raw_baseline(bootstrap: str, database_url: str, topic: str, expected: int, *, group: str = "bench-raw",
                       max_records: int = 5000, timeout: float = 1800,
                       security: dict[str, Any] | None = None) -> dict[str, float]:
    """Consumes `expected` AttendanceRecorded messages of `topic`; returns events/s and timings."""
    conn = await asyncpg.connect(database_url)
    await conn.execute("""CREATE SCHEMA IF NOT EXISTS bench;
        DROP TABLE IF EXISTS bench.raw_facts;
        CREATE TABLE bench.raw_facts (event_id uuid PRIMARY KEY, session_id text NOT NULL, trainee_key text NOT NULL,
                                      day date NOT NULL, hours numeric NOT NULL, revision int NOT NULL)""")
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                                auto_offset_reset="earliest", max_partition_fetch_bytes=8 * 1024 * 1024,
                                fetch_max_bytes=64 * 1024 * 1024, **(security or {}))
    await consumer.start()
    done = 0
    first: float | None = None
    started = time.perf_counter()
    decode_s = copy_s = 0.0
    try:
        while done < expected:
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"raw baseline consumed {done} of {expected}")
            batches = await consumer.getmany(timeout_ms=200, max_records=max_records)
            if not batches:
                continue
            if first is None:
                first = time.perf_counter()
            t0 = time.perf_counter()
            rows = []
            for records in batches.values():
                for record in records:
                    env = _DECODER.decode(record.value)
                    if env.type != "AttendanceRecorded":
                        continue
                    p = env.payload
                    rows.append((uuid.UUID(env.event_id), p.session_id, p.trainee_key, date.fromisoformat(p.date),
                                 Decimal(p.hours_present), p.revision))
            t1 = time.perf_counter()
            async with conn.transaction():
                await conn.copy_records_to_table("raw_facts", schema_name="bench", records=rows)
            await consumer.commit()
            copy_s += time.perf_counter() - t1
            decode_s += t1 - t0
            done += sum(len(r) for r in batches.values())
    finally:
        await consumer.stop()
        await conn.close()
    elapsed = time.perf_counter() - (first or started)
    return {"events": done, "seconds": elapsed, "events_per_s": done / elapsed, "decode_s": decode_s,
            "copy_s": copy_s}


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    print(asyncio.run(raw_baseline(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
