"""The delivery worker: a loop of the webhooks service that sends due deliveries, signed, and records
each attempt. It wakes when the consumer fans out new deliveries (LISTEN) and polls for due retries.

Isolation: at most `per_endpoint_concurrency` attempts of one endpoint are in flight at once and an
endpoint with attempts in flight is not claimed again until they end, so a receiver that hangs holds
a few of the `concurrency` slots for `delivery_timeout_s` at worst; one that refuses connections
fails at once and backs off. Survives restarts: every delivery is a row, and a lease held by a killed
worker expires, after which another attempt is made (receivers deduplicate by the event `id`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import asyncpg

from pacte_platform.logging import get_logger
from pacte_platform.runtime import ServiceRuntime
from pacte_webhooks.adapters import deliveries
from pacte_webhooks.adapters.deliveries import Due
from pacte_webhooks.adapters.secrets import SecretBox, key_from_setting
from pacte_webhooks.adapters.sender import Sender
from pacte_webhooks.domain.notifications import body as notification_body
from pacte_webhooks.domain.retries import RetryPolicy
from pacte_webhooks.domain.signing import SIGNATURE_HEADER, signature_header
from pacte_webhooks.metrics import ATTEMPTS, DELIVERY_SECONDS
from pacte_webhooks.settings import WebhooksSettings

log = get_logger(component="webhooks-worker")
CHANNEL = "webhook_deliveries"


class DeliveryWorker:
    def __init__(self, pool: asyncpg.Pool, settings: WebhooksSettings, box: SecretBox) -> None:
        self.pool = pool
        self.settings = settings
        self.box = box
        self.retries = RetryPolicy(settings.retry_base_s, settings.retry_max_delay_s, settings.retry_horizon_s)
        self.sender = Sender(settings.url_policy, settings.delivery_timeout_s)
        self.in_flight: Counter[str] = Counter()
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        listener = await self._listen()
        try:
            while True:
                self._wake.clear()
                try:
                    claimed = await self.claim_and_send()
                except (OSError, asyncpg.PostgresError) as exc:  # the database is away: try again soon
                    log.warning("deliveries not claimed", error=repr(exc))
                    claimed = 0
                if claimed and len(self._tasks) < self.settings.concurrency:
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.poll_interval_s)
        finally:
            for task in list(self._tasks):
                task.cancel()
            await self.sender.close()
            if listener is not None:
                with contextlib.suppress(Exception):
                    await listener.close()

    async def _listen(self) -> asyncpg.Connection | None:
        try:
            conn: asyncpg.Connection = await asyncpg.connect(self.settings.database_url)
            await conn.add_listener(CHANNEL, lambda *_: self._wake.set())
            return conn
        except (OSError, asyncpg.PostgresError) as exc:  # polling alone still delivers
            log.warning("no LISTEN connection; polling only", error=repr(exc))
            return None

    async def claim_and_send(self) -> int:
        free = self.settings.concurrency - len(self._tasks)
        if free <= 0:
            return 0
        busy = [endpoint for endpoint, count in self.in_flight.items() if count > 0]
        async with self.pool.acquire() as conn:
            claimed = await deliveries.claim(conn, limit=free, per_endpoint=self.settings.per_endpoint_concurrency,
                                             busy=busy, lease_s=self.settings.delivery_timeout_s + 30)
        for due in claimed:
            self.in_flight[due.endpoint_id] += 1
            task = asyncio.create_task(self._attempt(due))
            self._tasks.add(task)
            task.add_done_callback(self._finished(due.endpoint_id))
        return len(claimed)

    def _finished(self, endpoint_id: str) -> Callable[[asyncio.Task[None]], None]:
        def done(task: asyncio.Task[None]) -> None:
            self._tasks.discard(task)
            self.in_flight[endpoint_id] -= 1
            if self.in_flight[endpoint_id] <= 0:
                del self.in_flight[endpoint_id]
            self._wake.set()

        return done

    async def _attempt(self, due: Due) -> None:
        payload = notification_body(due.notification_id, due.event_type, due.occurred_at, due.organisation_id,
                                    due.payload)
        raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "pacte-webhooks/1",
                   SIGNATURE_HEADER: signature_header(self.box.open(due.endpoint_id, due.sealed_secret),
                                                      int(time.time()), raw),
                   "Pacte-Event-Id": str(due.notification_id), "Pacte-Event-Type": due.event_type,
                   "Pacte-Delivery-Id": str(due.delivery_id), "Pacte-Delivery-Attempt": str(due.attempt)}
        attempted_at = datetime.now(UTC)
        outcome = await self.sender.post(due.url, raw, headers)
        retry_at = None if outcome.delivered else self.retries.next_attempt(
            due.attempt, datetime.now(UTC), due.retry_from, random.uniform(-1, 1))
        ATTEMPTS.labels("delivered" if outcome.delivered else "retried" if retry_at else "failed").inc()
        if outcome.delivered:
            DELIVERY_SECONDS.observe((datetime.now(UTC) - due.occurred_at).total_seconds())
        try:
            async with self.pool.acquire() as conn:
                await deliveries.record_attempt(conn, due, attempted_at=attempted_at,
                                                duration_ms=outcome.duration_ms, status_code=outcome.status_code,
                                                error=outcome.error, delivered=outcome.delivered,
                                                next_attempt_at=retry_at)
        except (OSError, asyncpg.PostgresError) as exc:
            # Not recorded: the lease expires and the delivery is attempted again (at least once).
            log.warning("delivery attempt not recorded", delivery_id=str(due.delivery_id), error=repr(exc))


async def run_worker(runtime: ServiceRuntime) -> None:
    """The runtime's background loop (`ServiceRuntime.background`)."""
    settings = runtime.settings
    assert isinstance(settings, WebhooksSettings)
    await DeliveryWorker(runtime.db(), settings, runtime_box(runtime)).run()


def runtime_box(runtime: ServiceRuntime) -> SecretBox:
    settings = runtime.settings
    assert isinstance(settings, WebhooksSettings)
    return SecretBox(key_from_setting(settings.secrets_key, settings.auth_secret))
