"""Retention: the refusal log keeps 13 months (`adapters/refusals.py::RETENTION`), purged hourly."""

from __future__ import annotations

import asyncio

from pacte_attendance.adapters import refusals
from pacte_platform.logging import get_logger
from pacte_platform.runtime import ServiceRuntime

log = get_logger(component="retention")
INTERVAL_S = 3600.0


async def purge_refusals(runtime: ServiceRuntime) -> None:
    """The runtime's background loop: deletes refused records past the retention, every hour."""
    while True:
        try:
            async with runtime.db().acquire() as conn:
                deleted = await refusals.purge(conn)
            if deleted:
                log.info("refusal log purged", deleted=deleted)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the next pass retries; a purge must never stop the service
            log.warning("refusal log not purged", error=repr(exc))
        await asyncio.sleep(INTERVAL_S)
