"""Helpers of the procurement integration tests: a running service, tokens, contract events on Kafka."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer

from pacte_contracts.envelope import Event, wrap
from pacte_platform import kafka
from pacte_platform.auth import issue_token
from pacte_platform.runtime import ServiceRuntime
from pacte_procurement.entrypoints.app import build_runtime, create_app
from pacte_testing import Infra, settings_for, start_service, stop_service


@dataclass
class Running:
    runtime: ServiceRuntime
    client: httpx.AsyncClient
    app: Any

    def token(self, role: str = "buyer", subject: str = "alice") -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(self.runtime.settings.auth_secret, subject, [role])}"}

    async def post(self, path: str, body: Any, role: str = "buyer", **headers: str) -> httpx.Response:
        return await self.client.post(path, json=body, headers={**self.token(role), **headers})

    async def get(self, path: str, role: str = "auditor", **params: Any) -> httpx.Response:
        return await self.client.get(path, params=params, headers=self.token(role))

    async def fetchval(self, sql: str, *args: Any) -> Any:
        async with self.runtime.db().acquire() as conn:
            return await conn.fetchval(sql, *args)


@asynccontextmanager
async def running_service(infra: Infra, database_url: str) -> AsyncIterator[Running]:
    runtime = build_runtime(settings_for(infra, database_url, "procurement"))  # type: ignore[arg-type]
    app = create_app(runtime)
    started = await start_service(runtime, app)
    assert isinstance(started.client, httpx.AsyncClient)
    try:
        yield Running(runtime, started.client, app)
    finally:
        await stop_service(started)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def publish(infra: Infra, events: Iterable[Event], *, duplicate: bool = False) -> None:
    """Sends contract events as another service's relay would (envelope + event_id/event_type headers)."""
    producer = await kafka.create_producer(infra.bootstrap, idempotent=infra.broker_kind == "apache")
    try:
        for event in events:
            envelope = wrap(event, producer="test")
            headers = [("event_type", envelope.type.encode()), ("event_id", str(envelope.event_id).encode())]
            for _ in range(2 if duplicate else 1):
                await producer.send_and_wait(event.TOPIC, value=envelope.model_dump_json().encode(),
                                             key=envelope.key.encode(), headers=headers)
    finally:
        await producer.stop()


async def read_topics(infra: Infra, topics: list[str], want: int, keep: Any,
                      timeout: float = 20) -> list[dict[str, Any]]:
    """Envelopes (as dicts) of `topics` accepted by `keep`, until `want` of them arrived."""
    consumer = AIOKafkaConsumer(*topics, bootstrap_servers=infra.bootstrap, auto_offset_reset="earliest",
                                group_id=None, enable_auto_commit=False)
    await consumer.start()
    found: list[dict[str, Any]] = []
    try:
        async with asyncio.timeout(timeout):
            while len(found) < want:
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    for record in records:
                        envelope = json.loads(record.value)
                        if keep(envelope):
                            found.append({**envelope, "topic": record.topic})
    finally:
        await consumer.stop()
    return found
