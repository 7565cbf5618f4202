"""A running billing service over the real broker and database, and a way to feed it events.

Every test closes months of its own: the topics are shared by the whole session, and billing rebuilds
its closed periods from its own events (`billing.period.v1`), so a month another test closed reads as
closed here too."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from pacte_billing.entrypoints.app import build_runtime, create_app
from pacte_billing.entrypoints.consumers import FACT_TOPICS
from pacte_billing.settings import BillingSettings
from pacte_contracts.billing import closing_cut_id
from pacte_contracts.envelope import Event, wrap
from pacte_contracts.improvement import MilestonesEvaluated
from pacte_platform import kafka
from pacte_platform.auth import issue_token
from pacte_platform.runtime import ServiceRuntime
from pacte_testing import (
    Infra,
    RunningService,
    publish_cut_markers,
    settings_for,
    start_service,
    stop_service,
    wait_until,
)


@dataclass
class Billing:
    infra: Infra
    running: RunningService
    producer: AIOKafkaProducer
    prefix: str
    published: list[tuple[str, bytes, bytes, list[tuple[str, bytes]]]] = field(default_factory=list)

    @property
    def runtime(self) -> ServiceRuntime:
        assert isinstance(self.running.runtime, ServiceRuntime)
        return self.running.runtime

    @property
    def client(self) -> Any:
        return self.running.client

    def headers(self, role: str = "finance", **extra: str) -> dict[str, str]:
        token = issue_token(self.runtime.settings.auth_secret, f"test-{role}", [role])
        return {"Authorization": f"Bearer {token}", **extra}

    async def publish(self, events: Sequence[Event], *, producer: str = "test") -> None:
        """Sends contract events as the other services' relays would: envelope + event headers.

        An evaluation stands for the whole closing round trip: before it, the producing services'
        markers of the closing's cut, as they send them when the closing is requested."""
        for event in events:
            if isinstance(event, MilestonesEvaluated):
                await publish_cut_markers(self.infra.bootstrap, closing_cut_id(event.period), FACT_TOPICS)
            await self.send_envelope(event.TOPIC, wrap(event, producer=producer))

    async def send_envelope(self, topic: str, envelope: Any) -> None:
        value = envelope.model_dump_json().encode()
        headers = [("event_type", envelope.type.encode()), ("event_id", str(envelope.event_id).encode())]
        self.published.append((topic, envelope.key.encode(), value, headers))
        await self.producer.send_and_wait(topic, value=value, key=envelope.key.encode(), headers=headers)

    async def quiet(self, timeout: float = 30.0) -> None:
        """Every consumer caught up and the outbox empty, twice in a row (own events loop back)."""
        groups = {c.name: list(c.topics) for c in self.runtime.consumers}

        async def settled() -> bool:
            if await self.runtime.outbox_depth():
                return False
            lag = await kafka.consumer_lag(self.infra.bootstrap, groups)
            return not any(lag.values()) and not await self.runtime.outbox_depth()

        try:
            await wait_until(settled, timeout=timeout, interval=0.1)
            await asyncio.sleep(0.1)
            await wait_until(settled, timeout=timeout, interval=0.1)
        except TimeoutError:
            raise TimeoutError(f"billing not quiet: {await self.why_not_quiet(groups)}") from None

    async def why_not_quiet(self, groups: dict[str, list[str]]) -> str:
        """What is left: the outbox, each group's lag, and the cuts holding partitions."""
        lag = await kafka.consumer_lag(self.infra.bootstrap, groups)
        async with self.runtime.db().acquire() as conn:
            held = await conn.fetch("SELECT consumer, cut_id, status, (SELECT count(*) FROM cut_markers m "
                                    "WHERE m.consumer = c.consumer AND m.cut_id = c.cut_id) AS markers "
                                    "FROM cuts c WHERE status <> 'released'")
        return (f"outbox {await self.runtime.outbox_depth()}, lag {lag}, "
                f"cuts not released {[dict(r) for r in held]}")

    async def close_period(self, period: str) -> dict[str, Any]:
        response = await self.client.post(f"/periods/{period}/close", headers=self.headers())
        assert response.status_code in (200, 202), response.text
        return dict(response.json())

    async def wait_closed(self, period: str) -> None:
        async def closed() -> bool:
            r = await self.client.get(f"/periods/{period}", headers=self.headers("auditor"))
            return bool(r.json()["status"] == "closed")

        await wait_until(closed, timeout=30)


async def start_billing(infra: Infra, database_url: str, prefix: str | None = None) -> Billing:
    prefix = prefix or f"billing-test-{uuid.uuid4().hex[:8]}"
    base = settings_for(infra, database_url, "billing", CONSUMER_BATCH_TIMEOUT_MS=50)
    settings = BillingSettings(**{**base.model_dump(by_alias=True),  # type: ignore[attr-defined]
                                  "BILLING_CONSUMER_GROUP_PREFIX": prefix})
    runtime = build_runtime(settings)
    running = await start_service(runtime, create_app(runtime))
    producer = await kafka.create_producer(infra.bootstrap, idempotent=infra.broker_kind == "apache")
    return Billing(infra, running, producer, prefix)


async def stop_billing(billing: Billing) -> None:
    await billing.producer.stop()
    await stop_service(billing.running)


@pytest.fixture
async def billing(infra: Infra, database_url: str) -> AsyncIterator[Billing]:
    service = await start_billing(infra, database_url)
    try:
        yield service
    finally:
        await stop_billing(service)


@pytest.fixture
async def billing_factory(infra: Infra) -> AsyncIterator[Any]:
    """Starts more billing instances (each on its own database), stopped at the end of the test."""
    from pacte_testing import create_database

    started: list[Billing] = []

    async def start(prefix: str | None = None) -> Billing:
        service = await start_billing(infra, await create_database(infra.database_url), prefix)
        started.append(service)
        return service

    yield start
    for service in reversed(started):
        await stop_billing(service)
