"""Transactional outbox: events are rows written in the handler's transaction, relayed to Kafka after.

One relay per service schema holds a PostgreSQL advisory lock (so per-key order is the row order),
wakes on LISTEN/NOTIFY or a short poll, publishes a batch, waits for the broker's acks and only
then deletes the rows. A crash between publish and delete republishes: consumers' inboxes absorb it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import time
from collections.abc import Awaitable, Callable, Sequence

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka import errors as kafka_errors

from pacte_contracts.envelope import CutMarker, Envelope, Event, wrap
from pacte_platform.logging import get_logger
from pacte_platform.metrics import OUTBOX_DEPTH, OUTBOX_PUBLISHED, OUTBOX_RELAY_LAG_SECONDS

log = get_logger(component="outbox")
CUT_MARKER = CutMarker.event_type()


def encode(envelope: Envelope) -> bytes:
    return envelope.model_dump_json().encode()


async def append(conn: asyncpg.Connection, events: Sequence[Event], *, producer: str,
                 correlation_id: str | None = None) -> list[Envelope]:
    """Adds events to the outbox inside the caller's transaction."""
    envelopes = [wrap(e, producer=producer, correlation_id=correlation_id) for e in events]
    await append_envelopes(conn, envelopes, [e.TOPIC for e in events])
    return envelopes


async def append_envelopes(conn: asyncpg.Connection, envelopes: Sequence[Envelope], topics: Sequence[str]) -> None:
    if not envelopes:
        return
    records = [
        (env.event_id, topic, env.key, env.type, encode(env), env.correlation_id)
        for env, topic in zip(envelopes, topics, strict=True)
    ]
    if len(records) > 50:
        await conn.copy_records_to_table(
            "outbox", records=records, columns=["event_id", "topic", "key", "event_type", "value", "correlation_id"],
        )
    else:
        await conn.executemany(
            "INSERT INTO outbox (event_id, topic, key, event_type, value, correlation_id) VALUES ($1,$2,$3,$4,$5,$6)",
            records,
        )


#: Errors after which an idempotent producer never recovers by itself.
PRODUCER_FATAL_ERRORS: tuple[type[BaseException], ...] = (
    kafka_errors.OutOfOrderSequenceNumber, kafka_errors.UnknownProducerId, kafka_errors.InvalidProducerEpoch,
    kafka_errors.ProducerFenced, kafka_errors.ProducerClosed,
)


def _lock_key(schema: str) -> int:
    return int.from_bytes(hashlib.sha256(f"relay:{schema}".encode()).digest()[:8], "big", signed=True)


class OutboxRelay:
    def __init__(self, *, service: str, schema: str, database_url: str, pool: asyncpg.Pool,
                 producer: AIOKafkaProducer, batch_size: int = 1000, poll_interval_s: float = 0.5,
                 before_delete: Callable[[list[int]], Awaitable[None]] | None = None,
                 chaos_reorder_duplicate: bool = False, chaos_delay_s: float = 0.0,
                 renew_producer: Callable[[], Awaitable[AIOKafkaProducer]] | None = None) -> None:
        self.service = service
        self.schema = schema
        self.database_url = database_url
        self.pool = pool
        self.producer = producer
        self.batch_size = batch_size
        self.poll_interval_s = poll_interval_s
        #: Fault-injection hook: runs after the broker acked and before the rows are deleted.
        self.before_delete = before_delete
        self.chaos_reorder_duplicate = chaos_reorder_duplicate
        #: Fault injection (PACTE_CHAOS_RELAY_DELAY_MS): a pause before each batch, a slow relay.
        self.chaos_delay_s = chaos_delay_s
        #: Gives a new producer when the current one is unusable for good (see PRODUCER_FATAL_ERRORS).
        self.renew_producer = renew_producer
        self._chaos = random.Random(20191001)
        self._wake = asyncio.Event()
        self._stopping = False

    async def run(self) -> None:
        """Runs until cancelled; waits for the leader lock first (one relay per schema)."""
        while not self._stopping:
            try:
                await self._run_as_leader()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("outbox relay failed, restarting", error=repr(exc))
                if isinstance(exc, PRODUCER_FATAL_ERRORS) and self.renew_producer is not None:
                    # The idempotent producer's sequence state no longer matches the broker's (a
                    # broker restarted while batches were in flight): only a new producer id helps.
                    # The rows are still in the outbox, so the new producer publishes them again.
                    with contextlib.suppress(Exception):
                        self.producer = await self.renew_producer()
                        log.warning("outbox relay renewed its Kafka producer")
                await asyncio.sleep(1)

    async def _run_as_leader(self) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(self.database_url)
        try:
            while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", _lock_key(self.schema)):
                if self._stopping:
                    return
                await asyncio.sleep(1)
            if not self.chaos_reorder_duplicate:
                # Chaos mode lets batches pile up for a second so that shuffling really reorders.
                await conn.add_listener(f"outbox_{self.schema}", lambda *_: self._wake.set())
            while not self._stopping:
                # Cleared before draining, not after: a notification arriving while a batch is being
                # published must wake the next round, or its rows wait a whole poll interval (this
                # lost wake-up put 0.5 s on each relay hop of the latency tail).
                self._wake.clear()
                published = await self.drain_once()
                if published >= self.batch_size:
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(),
                                           1.0 if self.chaos_reorder_duplicate else self.poll_interval_s)
        finally:
            with contextlib.suppress(Exception):
                await conn.close()

    async def drain_once(self) -> int:
        if self.chaos_delay_s:
            # Before the rows are read, not while they are locked: what commits meanwhile joins the batch.
            await asyncio.sleep(self.chaos_delay_s)
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT id, topic, key, value, correlation_id, event_type, event_id, created_at FROM outbox "
                "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
                self.batch_size,
            )
            if not rows:
                OUTBOX_DEPTH.labels(self.service).set(0)
                return 0
            futures = []
            for row in self._in_sending_order(rows):
                kafka_headers = [
                    ("event_type", row["event_type"].encode()),
                    ("event_id", str(row["event_id"]).encode()),
                    ("producer", self.service.encode()),
                ]
                if row["correlation_id"]:
                    kafka_headers.append(("correlation_id", row["correlation_id"].encode()))
                if row["event_type"] == CUT_MARKER:
                    # A cut marker goes to every partition, behind what was sent to it before.
                    for partition in sorted(await self.producer.partitions_for(row["topic"])):
                        futures.append(await self.producer.send(
                            row["topic"], value=bytes(row["value"]), key=row["key"].encode(), headers=kafka_headers,
                            partition=partition))
                    continue
                futures.append(await self.producer.send(
                    row["topic"], value=bytes(row["value"]), key=row["key"].encode(), headers=kafka_headers,
                ))
            await asyncio.gather(*futures)
            ids = [row["id"] for row in rows]
            if self.before_delete is not None:
                await self.before_delete(ids)
            await conn.execute("DELETE FROM outbox WHERE id = ANY($1::bigint[])", ids)
            OUTBOX_PUBLISHED.labels(self.service).inc(len(rows))
            OUTBOX_RELAY_LAG_SECONDS.labels(self.service).set(
                max(0.0, time.time() - rows[0]["created_at"].timestamp()))
            depth = await conn.fetchval("SELECT count(*) FROM outbox")
            OUTBOX_DEPTH.labels(self.service).set(max(0, depth - len(rows)))
            return len(rows)

    def _in_sending_order(self, rows: Sequence[asyncpg.Record]) -> list[asyncpg.Record]:
        """Rows in outbox order; in chaos mode each run between cut markers is duplicated and
        shuffled (a marker never moves: what was committed before it stays before it)."""
        if not self.chaos_reorder_duplicate:
            return list(rows)
        ordered: list[asyncpg.Record] = []
        run: list[asyncpg.Record] = []
        for row in [*rows, None]:
            if row is None or row["event_type"] == CUT_MARKER:
                run = run + run
                self._chaos.shuffle(run)
                ordered.extend(run)
                run = []
                if row is not None:
                    ordered.append(row)
            else:
                run.append(row)
        return ordered

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
