"""Keeps the business metrics current: recomputes every scope when committed facts changed.

The facts consumer bumps ``projection_state.facts_version`` in each batch's transaction; polling
it (one cheap query) sees committed batches only, and throttling bounds the cost of recomputing
every scope to once per interval however fast events arrive, and to a fifth of the time when a
recomputation takes longer than a quarter of the interval. The counts are kept (``LatestCounts``)
for the reads of the present made at that same version, and sent to open data (``public_counts``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg

from pacte_indicators.adapters import queries, state
from pacte_indicators.adapters.prometheus import IndicatorsCollector, lot_labels
from pacte_indicators.domain.scopes import indicator_set
from pacte_indicators.service_layer import readings, steering
from pacte_indicators.service_layer.latest_counts import CountsAt
from pacte_platform.logging import get_logger
from pacte_platform.threads import in_daemon_thread

log = get_logger(component="metrics-refresh")
#: The scopes whose trajectory is a metric (the pact is steered per axis and territory).
TRAJECTORY_SCOPE_TYPES = ("programme", "axis", "territory")
#: The largest share of the time spent recomputing while facts keep coming. At the whole pact's size
#: a recomputation takes 4.6 s of PostgreSQL (every scope, the trajectories, the pathways); run back to
#: back with 5 s pauses it kept one of the machine's two cores half busy through the ingest and the
#: closings (BENCHMARKS.md, "Full pact"). The pause after a recomputation grows with its length instead.
MAX_SHARE = 0.2


class MetricsRefresher:
    """With `connect` (a factory of connections to the service's schema), the recomputation runs in a
    worker thread with its own event loop and connection: with a thousand lots it takes a few hundred
    milliseconds of Python, which on the service's loop stalled the consumers (the latency tail of
    BENCHMARKS.md); in a thread the interpreter hands the loop its turn every few milliseconds. A daemon
    thread: a service told to stop does not wait for the recomputation (seconds at a whole pact's size)."""

    def __init__(self, pool: asyncpg.Pool, collector: IndicatorsCollector, *, min_interval_s: float,
                 poll_interval_s: float = 0.5,
                 connect: Callable[[], Awaitable[asyncpg.Connection]] | None = None,
                 on_counts: Sequence[Callable[[CountsAt], None]] = ()) -> None:
        self.pool = pool
        #: Given every scope's counts after each recomputation (kept for reads, sent to open data).
        self.on_counts = on_counts
        self.collector = collector
        self.min_interval_s = min_interval_s
        self.poll_interval_s = poll_interval_s
        self.connect = connect
        self._seen_version: int | None = None
        self.last_seconds = 0.0

    def pause_s(self) -> float:
        """How long to wait after a recomputation: the interval, or longer after a long one."""
        return max(self.min_interval_s, self.last_seconds * (1 - MAX_SHARE) / MAX_SHARE)

    async def refresh_if_changed(self) -> bool:
        async with self.pool.acquire() as conn:
            version = await state.facts_version(conn)
        if version == self._seen_version:
            return False
        started = time.perf_counter()
        if self.connect is None:
            async with self.pool.acquire() as conn:
                counts, budget, lots, trajectories, pathways = await _compute(conn)
        else:
            counts, budget, lots, trajectories, pathways = await in_daemon_thread(
                asyncio.run, self._compute_on_own_connection())
        for take in self.on_counts:
            take(counts)
        scopes = {scope: indicator_set(c) for scope, c in counts.counts.items()}
        self.last_seconds = time.perf_counter() - started
        self.collector.update(scopes, budget, refreshed_at=time.time(), refresh_seconds=self.last_seconds, lots=lots,
                              trajectories=trajectories, pathways=pathways)
        self._seen_version = version
        return True

    async def _compute_on_own_connection(self) -> tuple[CountsAt, Any, Any, Any, Any]:
        assert self.connect is not None
        conn = await self.connect()
        try:
            return await _compute(conn)
        finally:
            await conn.close()

    async def run(self) -> None:
        while True:
            try:
                if await self.refresh_if_changed():
                    await asyncio.sleep(self.pause_s())
                    continue
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("business metrics not refreshed", error=repr(exc))
            await asyncio.sleep(self.poll_interval_s)


async def _compute(conn: asyncpg.Connection) -> tuple[CountsAt, Any, Any, Any, Any]:
    # One consistent view of every table for the whole recomputation.
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        counts = CountsAt(await state.projection_version(conn), await queries.scope_counts(conn, None))
        budget = await readings.budget(conn)
        lots = await lot_labels(conn)
        trajectories = await steering.trajectories(conn, TRAJECTORY_SCOPE_TYPES)
        pathways = await queries.pathway_counts(conn, None)
    return counts, budget, lots, trajectories, pathways
