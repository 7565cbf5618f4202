"""Cut markers inside a batch: where each partition stops, and recording the markers that arrive.

A consumer taking part in consistent cuts (pacte_platform.cuts) applies nothing of a partition past
its marker until the cut is released; when the last marker of a cut is recorded, `on_cut` runs in
that same transaction.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from aiokafka import ConsumerRecord

from pacte_contracts.envelope import CutMarker, decode_message
from pacte_platform import cuts
from pacte_platform.consumer.decoding import Typed
from pacte_platform.consumer.errors import MetadataMissing
from pacte_platform.consumer.handler import CutFilter, CutHandler, Emitter
from pacte_platform.logging import get_logger
from pacte_platform.metrics import CUT_MARKERS, CUT_WAIT_SECONDS

log = get_logger(component="consumer")

#: Where a partition stops in a batch: the first offset not applied, and the cut it waits for.
Holds = dict[tuple[str, int], tuple[int, str]]


def marker_cut(record: ConsumerRecord[Any, Any]) -> str | None:
    try:
        _, marker = decode_message(record.value)
    except Exception:
        return None
    return marker.cut_id if isinstance(marker, CutMarker) else None


async def stop_at_markers(conn: asyncpg.Connection, consumer: str, records: list[Typed], cut_topics: frozenset[str],
                          takes_cut: CutFilter | None) -> tuple[list[Typed], list[ConsumerRecord[Any, Any]], Holds]:
    """Splits a batch of (record, its type header) at the cut markers: (records to apply, markers to
    record, holds).

    A partition already at a marker of a cut not released (recorded by this member or another,
    before a restart or a rebalance) applies nothing; a new marker stops its partition after it.
    """
    held = await cuts.held(conn, consumer)
    marker_cuts = {marker_cut(r) for r, t in records if t == cuts.CUT_MARKER}
    released = await cuts.released(conn, consumer, [c for c in marker_cuts if c]) if marker_cuts else set()
    released |= await _foreign_cuts(conn, consumer, {c for c in marker_cuts if c} - released, takes_cut)
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
        cut_id = marker_cut(record) if event_type == cuts.CUT_MARKER else None
        if cut_id and record.topic in cut_topics and cut_id not in released:
            markers.append(record)
            holds[where] = (record.offset + 1, cut_id)
            continue
        applied.append((record, event_type))
    return applied, markers, holds


async def _foreign_cuts(conn: asyncpg.Connection, consumer: str, cut_ids: set[str], takes_cut: CutFilter | None
                        ) -> set[str]:
    """The cuts among `cut_ids` this consumer does not wait for: their markers pass like any record."""
    if takes_cut is None:
        return set()
    foreign = {c for c in sorted(cut_ids) if not await takes_cut(conn, c)}
    for cut_id in sorted(foreign):
        log.info("cut marker of a cut not awaited passed", consumer=consumer, cut=cut_id)
    return foreign


async def record_marker(conn: asyncpg.Connection, consumer: str, record: ConsumerRecord[Any, Any], emitter: Emitter,
                        on_cut: CutHandler | None, subscribers: list[Any], cut_topics: frozenset[str]) -> None:
    _, marker = decode_message(record.value)
    assert isinstance(marker, CutMarker) and on_cut is not None
    status = await cuts.record_marker(conn, consumer, marker.cut_id, (record.topic, record.partition),
                                      record.offset, marker.producer, expected_partitions(subscribers, cut_topics))
    CUT_MARKERS.labels(consumer, record.topic).inc()
    waited = await conn.fetchval("SELECT extract(epoch FROM clock_timestamp() - opened_at) FROM cuts "
                                 "WHERE consumer = $1 AND cut_id = $2", consumer, marker.cut_id)
    CUT_WAIT_SECONDS.labels(consumer, record.topic).observe(float(waited or 0))
    log.info("cut marker recorded", consumer=consumer, cut=marker.cut_id, topic=record.topic,
             partition=record.partition, status=status)
    if status == "aligned" and await on_cut(conn, marker.cut_id, emitter):
        await cuts.release(conn, consumer, marker.cut_id)


def expected_partitions(subscribers: list[Any], cut_topics: frozenset[str]) -> list[tuple[str, int]]:
    """Every partition of the cut topics, from the members' metadata (the subscribers' Kafka clients)."""
    clients = [c for c in (getattr(s, "consumer", None) for s in subscribers) if c is not None]
    found: list[tuple[str, int]] = []
    for topic in sorted(cut_topics):
        partitions = next((p for p in (c.partitions_for_topic(topic) for c in clients) if p), None)
        if not partitions:
            raise MetadataMissing(f"no partitions known yet for {topic}")
        found.extend((topic, p) for p in sorted(partitions))
    return found
