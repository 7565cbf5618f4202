"""Sends the public scopes' totals to the open-data service, from the counts the metrics refresher took.

The refresher counts every scope when committed facts changed, in one repeatable-read snapshot that
also gives the projection's version: the counts it offers here are exactly the facts of that version,
and its versions only move forward. Sending them costs an outbox row; counting again for open data
cost another 1.9 s of PostgreSQL every 10 s at the whole pact's size. At most one send per interval,
of the newest counts offered.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import asyncpg

from pacte_indicators.adapters.state import ProjectionVersion
from pacte_indicators.domain.public import public_counts_event
from pacte_indicators.service_layer.latest_counts import CountsAt
from pacte_platform import outbox
from pacte_platform.logging import get_logger

log = get_logger(component="public-counts")


class PublicCountsPublisher:
    def __init__(self, pool: asyncpg.Pool, *, service: str, min_interval_s: float,
                 retry_after_s: float = 1.0) -> None:
        self.pool = pool
        self.service = service
        self.min_interval_s = min_interval_s
        self.retry_after_s = retry_after_s
        self._offered: CountsAt | None = None
        self._sent_version: ProjectionVersion | None = None
        self._new = asyncio.Event()

    def offer(self, counts: CountsAt) -> None:
        """The refresher's newest counts: sent at the next send, unless newer ones come before."""
        self._offered = counts
        self._new.set()

    async def publish_offered(self) -> bool:
        offered = self._offered
        if offered is None or offered.version == self._sent_version:
            return False
        event = public_counts_event(offered.counts, offered.version[0], datetime.now(UTC))
        async with self.pool.acquire() as conn, conn.transaction():
            await outbox.append(conn, [event], producer=self.service)
        self._sent_version = offered.version
        log.info("public counts sent", facts_version=offered.version[0], scopes=len(event.scopes))
        return True

    async def run(self) -> None:
        while True:
            await self._new.wait()
            self._new.clear()
            try:
                if await self.publish_offered():
                    await asyncio.sleep(self.min_interval_s)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # tried again, with whatever is newest then
                log.warning("public counts not sent", error=repr(exc))
                self._new.set()
                await asyncio.sleep(self.retry_after_s)
