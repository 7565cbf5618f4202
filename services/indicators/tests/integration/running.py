"""The indicators service running in the test's event loop over a real broker and PostgreSQL, with a
producer standing in for the upstream services and a back-office token to read it."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer

from pacte_indicators.entrypoints.app import build_runtime, create_app
from pacte_platform import kafka
from pacte_platform.auth import issue_token
from pacte_testing import Infra, RunningService, create_database, settings_for, start_service, stop_service

SECRET = "indicators-test-secret"


@dataclass
class Service:
    running: RunningService
    producer: AIOKafkaProducer
    headers: dict[str, str]

    @property
    def client(self) -> httpx.AsyncClient:
        assert isinstance(self.running.client, httpx.AsyncClient)
        return self.running.client

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(path, params=params, headers=self.headers)

    async def metrics(self) -> str:
        """`/metrics`, read as Prometheus does: with the scrape token (docs/security.md)."""
        token = self.running.runtime.settings.scrape_token  # type: ignore[attr-defined]
        return (await self.client.get("/metrics", headers={"Authorization": f"Bearer {token}"})).text


@contextlib.asynccontextmanager
async def indicators_service(infra: Infra, **runtime: Any) -> AsyncIterator[Service]:
    """A fresh database and fresh consumer groups (the broker may hold other tests' offsets);
    ``runtime`` overrides the runtime's fields (``metrics_refresh_s=0.2``...)."""
    database_url = await create_database(infra.database_url)
    service = build_runtime(settings_for(infra, database_url, "indicators", PACTE_AUTH_SECRET=SECRET))  # type: ignore[arg-type]
    suffix = uuid.uuid4().hex[:8]
    service.consumers = [replace(c, name=f"{c.name}-{suffix}") for c in service.consumers]
    for name, value in runtime.items():
        setattr(service, name, value)
    running = await start_service(service, create_app(service))
    producer = await kafka.create_producer(infra.bootstrap, idempotent=infra.broker_kind == "apache")
    token = issue_token(SECRET, "steering-tester", ["steering"])
    try:
        yield Service(running, producer, {"Authorization": f"Bearer {token}"})
    finally:
        await producer.stop()
        # Bounded: a stuck shutdown must not hold the whole test run (the database goes with the infra).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_service(running), 20)
