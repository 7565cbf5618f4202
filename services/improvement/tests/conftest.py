"""Fixtures of the improvement service's tests: the real PostgreSQL and Kafka of pacte_testing,
a running service per test, and helpers to feed its consumers with contract events."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from pacte_contracts.attendance import OrganisationKeyIssued
from pacte_contracts.envelope import Envelope, Event, wrap
from pacte_platform import kafka, outbox
from pacte_platform.auth import issue_token, new_api_key
from pacte_platform.signing import CredentialSigner, new_signing_key

if TYPE_CHECKING:
    from pacte_testing import Infra



@dataclass
class Harness:
    """A running improvement service, a producer to feed it, and credentials to call it."""

    infra: Infra
    runtime: Any
    client: httpx.AsyncClient
    producer: AIOKafkaProducer
    secret: str
    #: Signs credential events as attendance does; the service verifies them with its public key.
    signer: CredentialSigner
    running: Any = None
    org_keys: dict[str, str] = field(default_factory=dict)

    def staff(self, *roles: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(self.secret, 'agent-1', list(roles))}"}

    def org(self, organisation_id: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.org_keys[organisation_id]}"}

    async def publish(self, *events: Event | Envelope) -> list[Envelope]:
        """Sends events as a producer's outbox relay would (event_id and event_type headers)."""
        sent = []
        for item in events:
            env = item if isinstance(item, Envelope) else wrap(item, producer="test")
            topic = type(env.decode()).TOPIC
            await self.producer.send_and_wait(
                topic, value=outbox.encode(env), key=env.key.encode(),
                headers=[("event_id", str(env.event_id).encode()), ("event_type", env.type.encode())],
            )
            sent.append(env)
        return sent

    async def fetchval(self, sql: str, *args: Any) -> Any:
        async with self.runtime.db().acquire() as conn:
            return await conn.fetchval(sql, *args)

    async def until(self, sql: str, *args: Any, equals: Any = True, timeout: float = 20.0) -> None:
        """Waits until the query's value is `equals` (the consumers work asynchronously)."""

        from pacte_testing import wait_until

        async def reached() -> bool:
            return bool(await self.fetchval(sql, *args) == equals)

        await wait_until(reached, timeout=timeout)

    async def issue_key(self, organisation_id: str) -> None:
        key = new_api_key()
        self.org_keys[organisation_id] = key.secret_key
        await self.publish(self.signer.sign(OrganisationKeyIssued(organisation_id=organisation_id,
                                                                  key_id=key.key_id, key_sha256=key.sha256)))
        await self.until("SELECT count(*) FROM organisation_keys WHERE key_id = $1", key.key_id, equals=1)

    async def read_topic(self, topic: str, predicate: Any, count: int, timeout: float = 20.0) -> list[Envelope]:
        """Every envelope of `topic` (from the beginning) matching `predicate`, once `count` are there."""
        consumer = AIOKafkaConsumer(topic, bootstrap_servers=self.infra.bootstrap, group_id=None,
                                    auto_offset_reset="earliest", enable_auto_commit=False)
        await consumer.start()
        found: list[Envelope] = []
        try:
            deadline = asyncio.get_running_loop().time() + timeout
            while asyncio.get_running_loop().time() < deadline:
                batches = await consumer.getmany(timeout_ms=200)
                for records in batches.values():
                    for record in records:
                        env = Envelope.model_validate_json(record.value)
                        if predicate(env):
                            found.append(env)
                if len(found) >= count:
                    # A short extra poll so that unexpected extra answers are seen too.
                    for records in (await consumer.getmany(timeout_ms=500)).values():
                        found.extend(e for e in (Envelope.model_validate_json(r.value) for r in records)
                                     if predicate(e))
                    return found
            return found
        finally:
            await consumer.stop()


@pytest.fixture
async def harness(infra: Infra, database_url: str) -> AsyncIterator[Harness]:
    from pacte_improvement.entrypoints.app import build_runtime, create_app
    from pacte_testing import settings_for, start_service, stop_service

    secret = f"test-secret-{uuid.uuid4().hex}"
    seed, public_key = new_signing_key()
    runtime = build_runtime(settings_for(infra, database_url, "improvement", PACTE_AUTH_SECRET=secret,  # type: ignore[arg-type]
                                         PACTE_CREDENTIALS_VERIFY_KEYS=public_key))
    running = await start_service(runtime, create_app(runtime))
    producer = await kafka.create_producer(infra.bootstrap, idempotent=infra.broker_kind == "apache")
    h = Harness(infra, runtime, running.client, producer, secret, CredentialSigner.from_seed(seed),  # type: ignore[arg-type]
                running)
    try:
        yield h
    finally:
        await producer.stop()
        await stop_service(running)
