"""At-least-once batch consumption with an inbox, over a FastStream Kafka subscriber.

One batch = one database transaction: the inbox rows (processed-event ids) and the handler's
effects commit together, and the Kafka offsets are committed only after that commit. A redelivered
event is found in the inbox and skipped. When a batch fails, it is retried in halves down to the
failing message; a message that keeps failing is counted in PostgreSQL and, after N attempts, sent
to `<topic>.dlq` with its error and origin in headers, so the partition keeps flowing.
"""

from __future__ import annotations

import asyncio
import functools
import time
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from pacte_contracts.envelope import EVENT_TYPES, CutMarker, Envelope, EnvelopeHead, Event, decode_message
from pacte_contracts.topics import dlq_topic
from pacte_platform import cuts, outbox
from pacte_platform.logging import bind_correlation_id, get_logger
from pacte_platform.metrics import (
    CONSUMED_EVENTS,
    CONSUMER_BATCH_SECONDS,
    CONSUMER_BATCH_SIZE,
    CONSUMER_FAILURES,
    CONSUMER_LAG,
    CUT_MARKERS,
    CUT_WAIT_SECONDS,
    DEAD_LETTERS,
)
from pacte_platform.mirrors import MirrorDecoder, Mirrored

log = get_logger(component="consumer")

_UNDECODABLE = uuid.UUID("6f1c7a8e-3c55-4d4e-9a51-0c1f6b9e2d10")


@dataclass(frozen=True, slots=True)
class Consumed:
    envelope: EnvelopeHead | Envelope
    #: The contract's model, or its msgspec mirror for the types a consumer decodes that way.
    event: Event | Mirrored
    topic: str
    partition: int
    offset: int


@dataclass
class Emitter:
    """Collects the events a handler emits; they join the outbox in the batch's transaction."""

    producer: str
    events: list[Event] = field(default_factory=list)
    correlation_id: str | None = None

    def emit(self, *events: Event) -> None:
        self.events.extend(events)


Handler = Callable[[asyncpg.Connection, list[Consumed], Emitter], Awaitable[None]]
#: Runs in the transaction in which a cut became aligned (every marker in): `(conn, cut_id, emit)`;
#: True releases the cut at once, False keeps the partitions held until `cuts.release`.
CutHandler = Callable[[asyncpg.Connection, str, Emitter], Awaitable[bool]]
#: `(conn)`: first in the transaction of a batch that records cut markers, before the handler: where a
#: service takes the locks its `on_cut` will need, so the batch never holds its handler's locks while
#: waiting for them (ConsumerSpec.before_markers).
MarkerPreparation = Callable[[asyncpg.Connection], Awaitable[None]]
#: `(conn, cut_id)`: True when the consumer waits for this cut (ConsumerSpec.takes_cut).
CutFilter = Callable[[asyncpg.Connection, str], Awaitable[bool]]
#: A record and its `event_type` header.
Typed = tuple[ConsumerRecord[Any, Any], str | None]
#: Where a partition stops in a batch: the first offset not applied, and the cut it waits for.
Holds = dict[tuple[str, int], tuple[int, str]]


class PoisonMessage(ValueError):
    """The message cannot be decoded or violates its contract."""


class InboxRace(RuntimeError):
    """Another member of the group recorded one of the batch's events first (a rebalance overlap):
    the batch is fetched again and the inbox then skips what the other member processed."""


class MetadataMissing(RuntimeError):
    """The partitions of a cut topic are not known yet: the batch is fetched again."""


#: Failures of the infrastructure, not of a message (the database restarting, a broken pooled
#: connection): the batch is fetched again later and no attempt is counted against its messages,
#: or a database restart would send good messages to the dead-letter topic.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError, asyncpg.exceptions.OperatorInterventionError, asyncpg.InterfaceError,
    OSError, InboxRace, MetadataMissing,
    # Transient conflicts between concurrent transactions (two members at a closing's cut): run again.
    asyncpg.exceptions.DeadlockDetectedError, asyncpg.exceptions.SerializationError,
)


def _header(record: ConsumerRecord[Any, Any], wanted: str) -> str | None:
    for name, value in record.headers or ():
        if name == wanted:
            return bytes(value).decode(errors="replace")
    return None


def record_event_id(record: ConsumerRecord[Any, Any]) -> uuid.UUID:
    value = _header(record, "event_id")
    if value is not None:
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    # Without a usable id the message's place in the log identifies it.
    return uuid.uuid5(_UNDECODABLE, f"{record.topic}:{record.partition}:{record.offset}")


def decode(record: ConsumerRecord[Any, Any], mirrors: MirrorDecoder | None = None,
           event_type: str | None = None) -> Consumed:
    """`event_type`: the record's header, when the caller read it (a mirrored type is decoded so)."""
    try:
        if mirrors is not None and event_type in mirrors:
            assert event_type is not None
            envelope, event = mirrors.decode(record.value, event_type)
        else:
            envelope, event = decode_message(record.value)
    except Exception as exc:
        raise PoisonMessage(f"{type(exc).__name__}: {exc}"[:2000]) from exc
    return Consumed(envelope, event, record.topic, record.partition, record.offset)


def record_event_type(record: ConsumerRecord[Any, Any]) -> str | None:
    for name, value in record.headers or ():
        if name == "event_type":
            return _type_name(bytes(value))
    return None


@functools.lru_cache(maxsize=1024)
def _type_name(value: bytes) -> str:
    # A handful of distinct type names, read on every record of every batch: decoded once each.
    return value.decode(errors="replace")


def event_type_names(types: Collection[type[Event]]) -> frozenset[str]:
    """The registered event types that are, or derive from, one of `types`."""
    bases = tuple(types)
    return frozenset(name for name, model in EVENT_TYPES.items() if issubclass(model, bases))


@dataclass
class BatchConsumer:
    name: str
    topics: Sequence[str]
    handler: Handler
    service: str
    pool: asyncpg.Pool
    max_attempts: int = 3
    #: Test hook: runs inside the transaction after the handler, before the commit.
    before_commit: Callable[[list[Consumed]], Awaitable[None]] | None = None
    dlq_producer: AIOKafkaProducer | None = None
    #: The FastStream subscribers (set by `subscribe`); their aiokafka consumers give the lag gauge.
    subscribers: list[Any] = field(default_factory=list)
    #: Event types the handler acts on (None: all). Messages whose `event_type` header names another
    #: type are acknowledged without being decoded or recorded: they have no effect to deduplicate.
    event_types: frozenset[str] | None = None
    #: Takes part in consistent cuts (closings): holds each of `cut_topics`' partitions at its marker
    #: and calls `on_cut` when every marker is in (libs/platform/.../cuts.py).
    on_cut: CutHandler | None = None
    takes_cut: CutFilter | None = None
    before_markers: MarkerPreparation | None = None
    cut_topics: frozenset[str] = frozenset()
    #: Checks each decoded event before it is applied (the signatures of credential events): an event
    #: it refuses (ValueError) is a poison message, dead-lettered at once.
    check: Callable[[Event], None] | None = None
    #: Hot event types decoded into msgspec mirrors of their contracts (pacte_platform.mirrors), which
    #: the handler then receives instead of the pydantic models.
    mirrors: MirrorDecoder | None = None
    #: Partitions paused at a marker, by member: resumed when their cut is released.
    paused: dict[tuple[Any, TopicPartition], str] = field(default_factory=dict)
    _resumer: asyncio.Task[None] | None = field(default=None, repr=False)

    async def process(self, records: Sequence[ConsumerRecord[Any, Any]]) -> Holds:
        """Processes a batch; raises only when a message must be retried later. Returns where
        partitions stopped at a cut marker (their later records were not applied)."""
        started = time.perf_counter()
        try:
            return await self._process_isolating(records)
        finally:
            CONSUMER_BATCH_SECONDS.labels(self.name).observe(time.perf_counter() - started)
            CONSUMER_BATCH_SIZE.labels(self.name).observe(len(records))

    async def _process_isolating(self, records: Sequence[ConsumerRecord[Any, Any]]) -> Holds:
        """One transaction for the batch; when it fails, each half in turn, down to the failing
        message: a poison message in a batch of 5,000 costs about 25 transactions, not 5,000, and
        the halves keep the partitions' order."""
        try:
            return await self._process_in_one_transaction(records)
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception as exc:
            if len(records) == 1:
                await self._handle_failure(records[0], exc)
                return {}
            log.info("batch failed, retrying it in halves", consumer=self.name, size=len(records),
                     error=repr(exc)[:500])
            middle = len(records) // 2
            first = await self._process_isolating(records[:middle])
            second = await self._process_isolating(records[middle:])
            return {tp: min(hold, second.get(tp, hold)) for tp, hold in first.items()} | {
                tp: hold for tp, hold in second.items() if tp not in first}

    async def _process_in_one_transaction(self, records: Sequence[ConsumerRecord[Any, Any]]) -> Holds:
        holds: Holds = {}
        markers: list[ConsumerRecord[Any, Any]] = []
        async with self.pool.acquire() as conn, conn.transaction():
            # Each record's type header, read once: the marker split, the filter and decoding use it.
            typed = [(r, record_event_type(r)) for r in records]
            if self.on_cut is not None:
                typed, markers, holds = await self._stop_at_markers(conn, typed)
                if markers and self.before_markers is not None:
                    await self.before_markers(conn)
            wanted = [(r, t) for r, t in typed
                      if t != cuts.CUT_MARKER and (self.event_types is None or t is None or t in self.event_types)]
            ignored = len(typed) - len(wanted)
            consumed = [c for c in (self._decoded(r, t) for r, t in wanted) if not isinstance(c.event, CutMarker)]
            fresh = await self._record_in_inbox(conn, consumed)
            duplicates = len(consumed) - len(fresh)
            correlation_id = fresh[-1].envelope.correlation_id if fresh else None
            emitter = Emitter(producer=self.service, correlation_id=correlation_id)
            if fresh:
                bind_correlation_id(correlation_id)
                await self.handler(conn, fresh, emitter)
            for marker in markers:
                await self._record_marker(conn, marker, emitter)
            if emitter.events:
                await outbox.append(conn, emitter.events, producer=self.service, correlation_id=emitter.correlation_id)
            if self.before_commit is not None:
                await self.before_commit(fresh)
            # Failures are rare: one cheap probe spares every batch the array-building delete.
            if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM consumer_failures WHERE consumer = $1)",
                                   self.name):
                await conn.execute(
                    """DELETE FROM consumer_failures WHERE consumer = $1 AND (topic, partition, "offset") IN
                       (SELECT * FROM unnest($2::text[], $3::int[], $4::bigint[]))""",
                    self.name, [r.topic for r in records], [r.partition for r in records],
                    [r.offset for r in records],
                )
        if ignored:
            CONSUMED_EVENTS.labels(self.name, "ignored").inc(ignored)
        CONSUMED_EVENTS.labels(self.name, "processed").inc(len(fresh))
        if duplicates:
            CONSUMED_EVENTS.labels(self.name, "duplicate").inc(duplicates)
        return holds

    def _decoded(self, record: ConsumerRecord[Any, Any], event_type: str | None) -> Consumed:
        consumed = decode(record, self.mirrors, event_type)
        # A mirror is never of a signed contract (`mirror` refuses them): the check is about those.
        if self.check is not None and isinstance(consumed.event, Event):
            try:
                self.check(consumed.event)
            except ValueError as exc:
                raise PoisonMessage(str(exc)[:2000]) from exc
        return consumed

    async def _stop_at_markers(self, conn: asyncpg.Connection, records: list[Typed]
                               ) -> tuple[list[Typed], list[ConsumerRecord[Any, Any]], Holds]:
        """Splits a batch of (record, its type header) at the cut markers: (records to apply, markers to
        record, holds).

        A partition already at a marker of a cut not released (recorded by this member or another,
        before a restart or a rebalance) applies nothing; a new marker stops its partition after it.
        """
        held = await cuts.held(conn, self.name)
        marker_cuts = {_marker_cut(r) for r, t in records if t == cuts.CUT_MARKER}
        released = await cuts.released(conn, self.name, [c for c in marker_cuts if c]) if marker_cuts else set()
        released |= await self._foreign_cuts(conn, {c for c in marker_cuts if c} - released)
        applied: list[Typed] = []
        markers: list[ConsumerRecord[Any, Any]] = []
        holds: Holds = {}
        for record, event_type in records:  # a batch keeps each partition's order
            where = (record.topic, record.partition)
            if where in holds:
                continue
            if where in held:
                holds[where] = (record.offset, held[where])
                continue
            cut_id = _marker_cut(record) if event_type == cuts.CUT_MARKER else None
            if cut_id and record.topic in self.cut_topics and cut_id not in released:
                markers.append(record)
                holds[where] = (record.offset + 1, cut_id)
                continue
            applied.append((record, event_type))
        return applied, markers, holds

    async def _foreign_cuts(self, conn: asyncpg.Connection, cut_ids: set[str]) -> set[str]:
        """The cuts among `cut_ids` this consumer does not wait for: their markers pass like any record."""
        if self.takes_cut is None:
            return set()
        foreign = {c for c in sorted(cut_ids) if not await self.takes_cut(conn, c)}
        for cut_id in sorted(foreign):
            log.info("cut marker of a cut not awaited passed", consumer=self.name, cut=cut_id)
        return foreign

    async def _record_marker(self, conn: asyncpg.Connection, record: ConsumerRecord[Any, Any],
                             emitter: Emitter) -> None:
        _, marker = decode_message(record.value)
        assert isinstance(marker, CutMarker) and self.on_cut is not None
        status = await cuts.record_marker(conn, self.name, marker.cut_id, (record.topic, record.partition),
                                          record.offset, marker.producer, self.expected_partitions())
        CUT_MARKERS.labels(self.name, record.topic).inc()
        waited = await conn.fetchval("SELECT extract(epoch FROM clock_timestamp() - opened_at) FROM cuts "
                                     "WHERE consumer = $1 AND cut_id = $2", self.name, marker.cut_id)
        CUT_WAIT_SECONDS.labels(self.name, record.topic).observe(float(waited or 0))
        log.info("cut marker recorded", consumer=self.name, cut=marker.cut_id, topic=record.topic,
                 partition=record.partition, status=status)
        if status == "aligned" and await self.on_cut(conn, marker.cut_id, emitter):
            await cuts.release(conn, self.name, marker.cut_id)

    def expected_partitions(self) -> list[tuple[str, int]]:
        """Every partition of the cut topics, from the members' metadata."""
        clients = [c for c in (getattr(s, "consumer", None) for s in self.subscribers) if c is not None]
        found: list[tuple[str, int]] = []
        for topic in sorted(self.cut_topics):
            partitions = next((p for p in (c.partitions_for_topic(topic) for c in clients) if p), None)
            if not partitions:
                raise MetadataMissing(f"no partitions known yet for {topic}")
            found.extend((topic, p) for p in sorted(partitions))
        return found

    async def hold(self, client: Any, holds: Holds) -> None:
        """Seeks each held partition back to its first record not applied; pauses it unless its cut
        is already released. Runs before the offsets are committed."""
        if not holds:
            return
        async with self.pool.acquire() as conn:
            done = await cuts.released(conn, self.name, sorted({cut for _, cut in holds.values()}))
        for (topic, partition), (offset, cut_id) in holds.items():
            tp = TopicPartition(topic, partition)
            client.seek(tp, offset)
            if cut_id not in done:
                client.pause(tp)
                self.paused[(client, tp)] = cut_id
        if self.paused and (self._resumer is None or self._resumer.done()):
            self._resumer = asyncio.get_running_loop().create_task(self._resume_when_released())

    async def _resume_when_released(self) -> None:
        while self.paused:
            await asyncio.sleep(0.05)
            try:
                async with self.pool.acquire() as conn:
                    done = await cuts.released(conn, self.name, sorted(set(self.paused.values())))
            except INFRASTRUCTURE_ERRORS:
                continue
            for (client, tp), cut_id in list(self.paused.items()):
                if cut_id in done:
                    del self.paused[(client, tp)]
                    try:
                        client.resume(tp)
                    except IllegalStateError:
                        pass  # taken away by a rebalance; its new owner checks the cut itself

    async def _record_in_inbox(self, conn: asyncpg.Connection, consumed: list[Consumed]) -> list[Consumed]:
        """Records the batch's new events in the inbox; returns them (each once, in batch order).

        Optimistic: the batch is COPYed in whole, in a savepoint. Only when that hits the primary key
        (a redelivery after a crash or a rebalance, or a twin member inserting the same ids right now)
        are the ids already there looked up and the others recorded. Both beat
        `INSERT … ON CONFLICT … RETURNING` (a speculative insertion per row, every id sent back).
        A twin's uncommitted ids make the second insert fail too: the batch is then fetched again.
        """
        fresh: list[Consumed] = []
        ids: set[uuid.UUID] = set()
        for c in consumed:
            if c.envelope.event_id not in ids:  # a duplicate inside one batch counts once
                ids.add(c.envelope.event_id)
                fresh.append(c)
        if not fresh:
            return []
        try:
            async with conn.transaction():
                await self._copy_to_inbox(conn, fresh)
            return fresh
        except asyncpg.UniqueViolationError:
            pass
        seen = {row[0] for row in await conn.fetch(
            "SELECT event_id FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])", self.name, list(ids))}
        fresh = [c for c in fresh if c.envelope.event_id not in seen]
        if fresh:
            try:
                await self._copy_to_inbox(conn, fresh)
            except asyncpg.UniqueViolationError as exc:
                raise InboxRace(str(exc)) from exc
        return fresh

    async def _copy_to_inbox(self, conn: asyncpg.Connection, fresh: list[Consumed]) -> None:
        # COPY: asyncpg encodes records column by column, without the per-element checks its array
        # encoder makes (measured 0.9 against 2.3 µs per row of client CPU).
        name = self.name
        await conn.copy_records_to_table(
            "inbox", columns=["consumer", "event_id"], records=[(name, c.envelope.event_id) for c in fresh],
        )

    async def _handle_failure(self, record: ConsumerRecord[Any, Any], exc: BaseException) -> None:
        CONSUMER_FAILURES.labels(self.name).inc()
        error = f"{type(exc).__name__}: {exc}"[:4000]
        async with self.pool.acquire() as conn:
            attempts = await conn.fetchval(
                """INSERT INTO consumer_failures (consumer, topic, partition, "offset", attempts, last_error)
                   VALUES ($1, $2, $3, $4, 1, $5)
                   ON CONFLICT (consumer, topic, partition, "offset")
                   DO UPDATE SET attempts = consumer_failures.attempts + 1, last_error = EXCLUDED.last_error,
                                 updated_at = clock_timestamp()
                   RETURNING attempts""",
                self.name, record.topic, record.partition, record.offset, error,
            )
        log.warning("message failed", consumer=self.name, topic=record.topic, partition=record.partition,
                    offset=record.offset, attempts=attempts, error=error)
        if attempts < self.max_attempts and not isinstance(exc, PoisonMessage):
            raise RetryLater(error) from exc
        await self._dead_letter(record, error, attempts)

    async def _dead_letter(self, record: ConsumerRecord[Any, Any], error: str, attempts: int) -> None:
        event_id = record_event_id(record)
        async with self.pool.acquire() as conn:
            # A poison message redelivered (its offset was not committed: a rebalance, a crash) was
            # dead-lettered already: decoding fails before the inbox could skip it, so look here.
            if await conn.fetchval(
                """SELECT EXISTS (SELECT 1 FROM dead_letters WHERE consumer = $1 AND topic = $2 AND partition = $3
                   AND "offset" = $4)""", self.name, record.topic, record.partition, record.offset):
                await conn.execute(
                    """DELETE FROM consumer_failures WHERE consumer = $1 AND topic = $2 AND partition = $3
                       AND "offset" = $4""", self.name, record.topic, record.partition, record.offset)
                log.info("poison message redelivered, already dead-lettered", consumer=self.name,
                         topic=record.topic, partition=record.partition, offset=record.offset)
                return
        headers = [
            ("dlq_error", error.encode()),
            ("dlq_consumer", self.name.encode()),
            ("dlq_origin_topic", record.topic.encode()),
            ("dlq_origin_partition", str(record.partition).encode()),
            ("dlq_origin_offset", str(record.offset).encode()),
            ("dlq_attempts", str(attempts).encode()),
            *[(k, v) for k, v in (record.headers or ()) if not k.startswith("dlq_")],
        ]
        if self.dlq_producer is not None:
            await self.dlq_producer.send_and_wait(dlq_topic(record.topic), value=record.value, key=record.key,
                                                  headers=headers)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                """INSERT INTO dead_letters (consumer, topic, partition, "offset", event_id, key, value, headers,
                                             error, attempts)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
                self.name, record.topic, record.partition, record.offset, event_id, record.key, record.value,
                {k: v.decode(errors="replace") for k, v in headers}, error, attempts,
            )
            await conn.execute(
                """INSERT INTO inbox (consumer, event_id, outcome) VALUES ($1, $2, 'dead_letter')
                   ON CONFLICT DO NOTHING""",
                self.name, event_id,
            )
            await conn.execute(
                """DELETE FROM consumer_failures WHERE consumer = $1 AND topic = $2 AND partition = $3
                   AND "offset" = $4""",
                self.name, record.topic, record.partition, record.offset,
            )
        DEAD_LETTERS.labels(self.name, record.topic).inc()
        CONSUMED_EVENTS.labels(self.name, "dead_letter").inc()
        log.error("message sent to the dead-letter topic", consumer=self.name, topic=record.topic,
                  partition=record.partition, offset=record.offset, attempts=attempts)


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


class RetryLater(RuntimeError):
    pass


def _marker_cut(record: ConsumerRecord[Any, Any]) -> str | None:
    try:
        _, marker = decode_message(record.value)
    except Exception:
        return None
    return marker.cut_id if isinstance(marker, CutMarker) else None


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


def subscribe(broker: KafkaBroker, consumer: BatchConsumer, *, max_records: int, batch_timeout_ms: int,
              session_timeout_ms: int = 30_000, instances: int = 1) -> None:
    """Registers the consumer as FastStream batch subscriber(s) with manual acknowledgement.

    With `instances` > 1 the process holds that many members of the consumer group, each with its
    own partitions, batches and transactions: one decodes while another waits for the database.
    """
    for n in range(instances):
        _subscribe_one(broker, consumer, max_records=max_records, batch_timeout_ms=batch_timeout_ms,
                       session_timeout_ms=session_timeout_ms, member=n)


def _subscribe_one(broker: KafkaBroker, consumer: BatchConsumer, *, max_records: int, batch_timeout_ms: int,
                   session_timeout_ms: int, member: int) -> None:
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
