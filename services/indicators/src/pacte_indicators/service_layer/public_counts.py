"""Sends the public scopes' totals to the open-data service when committed facts changed.

Polling ``projection_state.facts_version`` sees committed batches only; throttling bounds the cost
(every scope counted, as for the business metrics) to once per interval however fast events come.
The counts and the outbox row are written in one repeatable-read transaction: the event is exactly
the facts of the version it names.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import asyncpg

from pacte_indicators.adapters import queries, state
from pacte_indicators.domain.public import public_counts_event
from pacte_platform import outbox
from pacte_platform.logging import get_logger

log = get_logger(component="public-counts")


class PublicCountsPublisher:
    def __init__(self, pool: asyncpg.Pool, *, service: str, min_interval_s: float,
                 poll_interval_s: float = 0.5) -> None:
        self.pool = pool
        self.service = service
        self.min_interval_s = min_interval_s
        self.poll_interval_s = poll_interval_s
        self._sent_version: int | None = None

    async def publish_if_changed(self) -> bool:
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
            version = await state.facts_version(conn)
            if version == self._sent_version:
                return False
            counts = await queries.scope_counts(conn, None)
            event = public_counts_event(counts, version, datetime.now(UTC))
            await outbox.append(conn, [event], producer=self.service)
        self._sent_version = version
        log.info("public counts sent", facts_version=version, scopes=len(event.scopes))
        return True

    async def run(self) -> None:
        while True:
            try:
                if await self.publish_if_changed():
                    await asyncio.sleep(self.min_interval_s)
                    continue
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the next change tries again
                log.warning("public counts not sent", error=repr(exc))
            await asyncio.sleep(self.poll_interval_s)
