"""Waiting until the system is quiet: every outbox empty and every consumer group caught up."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from pacte_platform.kafka import LagProbe

#: One probe per broker and event loop (its connections belong to the loop that made them).
_PROBES: dict[tuple[str, int], LagProbe] = {}


async def snapshot(client: httpx.AsyncClient, urls: dict[str, str], bootstrap: str, *,
                   headers: dict[str, str] | None = None, kafka_options: dict[str, Any] | None = None,
                   ) -> tuple[int, dict[str, int]]:
    """Outbox rows and consumer lag; `headers` carry the scrape token `/internal/quiet` requires, and
    `kafka_options` a principal allowed to describe every group (the stack's `admin`)."""
    outbox = 0
    groups: dict[str, list[str]] = {}
    answers = await asyncio.gather(*(client.get(url + "/internal/quiet", headers=headers, timeout=10)
                                     for url in urls.values()))
    for response in answers:
        response.raise_for_status()
        body = response.json()
        outbox += int(body["outbox_depth"])
        groups.update(body["consumer_groups"])
    key = (bootstrap, id(asyncio.get_running_loop()))
    probe = _PROBES.get(key)
    if probe is None:
        probe = _PROBES[key] = LagProbe(bootstrap, **(kafka_options or {}))
    try:
        lag = await probe.lag(groups) if groups else {}
    except Exception:
        # A probe that lost its connections (broker restart) is rebuilt on the next look.
        await probe.close()
        _PROBES.pop(key, None)
        raise
    return outbox, lag


async def wait_quiet(client: httpx.AsyncClient, urls: dict[str, str], bootstrap: str, *,
                     timeout: float = 120.0, settle_rounds: int = 2, headers: dict[str, str] | None = None,
                     kafka_options: dict[str, Any] | None = None) -> float:
    """Returns the seconds waited. Quiet must hold for `settle_rounds` consecutive checks, since a
    consumer that just committed may have put new events in its outbox between two looks."""
    started = time.monotonic()
    calm = 0
    delay = 0.02
    while True:
        outbox, lag = await snapshot(client, urls, bootstrap, headers=headers, kafka_options=kafka_options)
        if outbox == 0 and not any(lag.values()):
            calm += 1
            if calm >= settle_rounds:
                return time.monotonic() - started
            continue  # the confirming look at once: it is a look, not a wait for work to end
        calm = 0
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"system not quiet after {timeout:.0f}s: outbox={outbox} lag={lag}")
        await asyncio.sleep(delay)
        # Looked at often: the player waits for this moment, and a look costs a few milliseconds.
        delay = min(0.05, delay * 1.5)


async def close_probes() -> None:
    """Closes the lag probes of the running event loop."""
    loop = id(asyncio.get_running_loop())
    for key in [k for k in _PROBES if k[1] == loop]:
        await _PROBES.pop(key).close()
