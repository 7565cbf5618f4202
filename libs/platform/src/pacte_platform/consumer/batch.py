"""The batch consumer: one batch, one database transaction; on failure, halves down to the message.

The inbox rows and the handler's effects commit together, and the Kafka offsets are committed only
after that commit (pacte_platform.consumer.subscription). A message that fails alone goes to the
failure bookkeeping (pacte_platform.consumer.failures).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer, ConsumerRecord, TopicPartition

from pacte_contracts.envelope import CutMarker, Event
from pacte_platform import cuts, outbox
from pacte_platform.consumer.decoding import decode_checked, record_event_type
from pacte_platform.consumer.errors import INFRASTRUCTURE_ERRORS
from pacte_platform.consumer.failures import forget_failures, handle_failure
from pacte_platform.consumer.handler import Consumed, CutFilter, CutHandler, Emitter, Handler, MarkerPreparation
from pacte_platform.consumer.holds import resume_when_released, seek_and_pause
from pacte_platform.consumer.inbox import record_in_inbox
from pacte_platform.consumer.markers import Holds, record_marker, stop_at_markers
from pacte_platform.logging import bind_correlation_id, get_logger
from pacte_platform.metrics import CONSUMED_EVENTS, CONSUMER_BATCH_SECONDS, CONSUMER_BATCH_SIZE
from pacte_platform.mirrors import MirrorDecoder

log = get_logger(component="consumer")


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
                await handle_failure(self.pool, self.name, records[0], exc, max_attempts=self.max_attempts,
                                     dlq_producer=self.dlq_producer)
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
                typed, markers, holds = await stop_at_markers(conn, self.name, typed, self.cut_topics, self.takes_cut)
                if markers and self.before_markers is not None:
                    await self.before_markers(conn)
            wanted = [(r, t) for r, t in typed
                      if t != cuts.CUT_MARKER and (self.event_types is None or t is None or t in self.event_types)]
            ignored = len(typed) - len(wanted)
            consumed = [c for c in (decode_checked(r, t, self.mirrors, self.check) for r, t in wanted)
                        if not isinstance(c.event, CutMarker)]
            fresh = await record_in_inbox(conn, self.name, consumed)
            duplicates = len(consumed) - len(fresh)
            correlation_id = fresh[-1].envelope.correlation_id if fresh else None
            emitter = Emitter(producer=self.service, correlation_id=correlation_id)
            if fresh:
                bind_correlation_id(correlation_id)
                await self.handler(conn, fresh, emitter)
            for marker in markers:
                await record_marker(conn, self.name, marker, emitter, self.on_cut, self.subscribers, self.cut_topics)
            if emitter.events:
                await outbox.append(conn, emitter.events, producer=self.service, correlation_id=emitter.correlation_id)
            if self.before_commit is not None:
                await self.before_commit(fresh)
            await forget_failures(conn, self.name, records)
        if ignored:
            CONSUMED_EVENTS.labels(self.name, "ignored").inc(ignored)
        CONSUMED_EVENTS.labels(self.name, "processed").inc(len(fresh))
        if duplicates:
            CONSUMED_EVENTS.labels(self.name, "duplicate").inc(duplicates)
        return holds

    async def hold(self, client: Any, holds: Holds) -> None:
        """Seeks each held partition back to its first record not applied; pauses it unless its cut
        is already released. Runs before the offsets are committed."""
        if not holds:
            return
        await seek_and_pause(self.pool, self.name, client, holds, self.paused)
        if self.paused and (self._resumer is None or self._resumer.done()):
            self._resumer = asyncio.get_running_loop().create_task(
                resume_when_released(self.pool, self.name, self.paused))
