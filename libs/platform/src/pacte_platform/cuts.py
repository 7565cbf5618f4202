"""Consistent cuts across services (Chandy-Lamport markers): what a period closing includes.

Producers: when a service learns of a cut (a closing request), it calls `announce` in the same
transaction; the relay publishes a marker to *every partition* of each named topic, behind every
outbox row committed before it (docs/architecture.md gives the argument).

Consumers that take part in cuts (`ConsumerSpec(on_cut=...)`) hold each partition at its marker:
what they applied before the marker is in the cut, nothing after it is applied until the cut is
released. When the markers of every partition of their cut topics have arrived, the cut is
*aligned*: the database then holds exactly the cut, and `on_cut` runs in that transaction. The
service releases the cut (`release`) once it has used it (indicators at once, after its snapshot;
billing after the closing's invoices); held partitions then resume. Every state is in PostgreSQL,
so a restart or a rebalance holds the same partitions again.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import asyncpg

from pacte_contracts.billing import PeriodClosingStarted
from pacte_contracts.envelope import CutMarker, wrap
from pacte_platform import outbox

if TYPE_CHECKING:
    from pacte_platform.consumer.handler import Consumed, Emitter

CUT_MARKER = CutMarker.event_type()

SQL = """
CREATE TABLE IF NOT EXISTS cuts (
    consumer text NOT NULL,
    cut_id text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'aligned', 'released')),
    expected jsonb NOT NULL,
    opened_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    aligned_at timestamptz,
    released_at timestamptz,
    PRIMARY KEY (consumer, cut_id)
);
CREATE TABLE IF NOT EXISTS cut_markers (
    consumer text NOT NULL,
    cut_id text NOT NULL,
    topic text NOT NULL,
    partition int NOT NULL,
    "offset" bigint NOT NULL,
    producer text NOT NULL,
    arrived_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, cut_id, topic, partition)
);
"""

Partition = tuple[str, int]


async def announce(conn: asyncpg.Connection, cut_id: str, topics: Sequence[str], *, producer: str,
                   correlation_id: str | None = None) -> None:
    """Writes the cut's markers into the outbox, one per topic (the relay sends it to every partition)."""
    marker = CutMarker(cut_id=cut_id, producer=producer)
    await outbox.append_envelopes(
        conn, [wrap(marker, producer=producer, correlation_id=correlation_id) for _ in topics], topics)


def announcing_closings(producer: str, topics: Sequence[str]
                        ) -> Callable[[asyncpg.Connection, list[Consumed], Emitter], Awaitable[None]]:
    """A consumer handler for `billing.period.v1`: each requested closing's cut announced on `topics`."""

    async def on_period_closing_started(conn: asyncpg.Connection, batch: list[Consumed], _: Emitter) -> None:
        for cut_id in sorted({c.event.cut_id for c in batch if isinstance(c.event, PeriodClosingStarted)}):
            await announce(conn, cut_id, topics, producer=producer)

    return on_period_closing_started


@dataclass(frozen=True, slots=True)
class Progress:
    cut_id: str
    status: str
    expected: tuple[Partition, ...]
    arrived: tuple[Partition, ...]

    @property
    def awaited(self) -> tuple[Partition, ...]:
        got = set(self.arrived)
        return tuple(p for p in self.expected if p not in got)

    def as_dict(self) -> dict[str, Any]:
        return {"cut_id": self.cut_id, "status": self.status,
                "awaited": [{"topic": t, "partition": p} for t, p in self.awaited],
                "arrived": len(self.arrived), "expected": len(self.expected)}


async def held(conn: asyncpg.Connection, consumer: str) -> dict[Partition, str]:
    """Partitions whose marker arrived for a cut not released yet: nothing after it may be applied."""
    rows = await conn.fetch(
        """SELECT m.topic, m.partition, m.cut_id FROM cut_markers m
           JOIN cuts c USING (consumer, cut_id) WHERE c.consumer = $1 AND c.status <> 'released'""", consumer)
    return {(r["topic"], r["partition"]): r["cut_id"] for r in rows}


async def record_marker(conn: asyncpg.Connection, consumer: str, cut_id: str, where: Partition, offset: int,
                        producer: str, expected: Sequence[Partition]) -> str | None:
    """Records a marker; returns the cut's status after it (None: the cut was released already, a
    late redelivery, to be ignored). The cut row is locked, so the members of a group recording the
    last two markers at once cannot both miss that the cut is complete."""
    await conn.execute(
        """INSERT INTO cuts (consumer, cut_id, status, expected) VALUES ($1, $2, 'open', $3::jsonb)
           ON CONFLICT DO NOTHING""", consumer, cut_id, json.dumps(sorted(expected)))
    status = await conn.fetchval(
        "SELECT status FROM cuts WHERE consumer = $1 AND cut_id = $2 FOR UPDATE", consumer, cut_id)
    if status == "released":
        return None
    await conn.execute(
        """INSERT INTO cut_markers (consumer, cut_id, topic, partition, "offset", producer)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
        consumer, cut_id, where[0], where[1], offset, producer)
    if status == "open":
        progress = await progress_of(conn, consumer, cut_id)
        if progress is not None and not progress.awaited:
            await conn.execute("UPDATE cuts SET status = 'aligned', aligned_at = clock_timestamp() "
                               "WHERE consumer = $1 AND cut_id = $2", consumer, cut_id)
            return "aligned"
    return str(status)


async def release(conn: asyncpg.Connection, consumer: str, cut_id: str) -> None:
    """The service has used the cut: its held partitions may flow again."""
    await conn.execute(
        """UPDATE cuts SET status = 'released', released_at = clock_timestamp()
           WHERE consumer = $1 AND cut_id = $2 AND status <> 'released'""", consumer, cut_id)


async def released(conn: asyncpg.Connection, consumer: str, cut_ids: Sequence[str]) -> set[str]:
    rows = await conn.fetch("SELECT cut_id FROM cuts WHERE consumer = $1 AND cut_id = ANY($2::text[]) "
                            "AND status = 'released'", consumer, list(cut_ids))
    return {r["cut_id"] for r in rows}


async def progress_of(conn: asyncpg.Connection, consumer: str, cut_id: str) -> Progress | None:
    row = await conn.fetchrow("SELECT status, expected FROM cuts WHERE consumer = $1 AND cut_id = $2",
                              consumer, cut_id)
    if row is None:
        return None
    arrived = await conn.fetch(
        "SELECT topic, partition FROM cut_markers WHERE consumer = $1 AND cut_id = $2 ORDER BY topic, partition",
        consumer, cut_id)
    expected = json.loads(row["expected"]) if isinstance(row["expected"], str) else row["expected"]
    return Progress(cut_id, row["status"], tuple((t, int(p)) for t, p in expected),
                    tuple((r["topic"], r["partition"]) for r in arrived))
