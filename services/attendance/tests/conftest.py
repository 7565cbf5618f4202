"""Shared fixtures: the real PostgreSQL and Kafka broker (pacte_testing) and a harness
that runs the attendance service in-process and plays procurement's side by publishing its events."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest


class Harness:
    def __init__(self, running: Any, producer: Any, infra: Any) -> None:
        self.running = running
        self.client = running.client
        self.runtime = running.runtime
        self.producer = producer
        self.infra = infra
        self.suffix = uuid.uuid4().hex[:6]

    def uid(self, prefix: str) -> str:
        return f"{prefix}-{self.suffix}-{uuid.uuid4().hex[:4]}"

    def token(self, *roles: str) -> dict[str, str]:
        from pacte_platform.auth import issue_token

        return {"Authorization": "Bearer " + issue_token(self.runtime.settings.auth_secret, "tester",
                                                         list(roles or ("buyer",)))}

    async def register(self, organisation_id: str) -> None:
        """Procurement registers the organisation (keys are issued to registered organisations only)."""
        from pacte_contracts.procurement import OrganisationRegistered
        from pacte_testing import wait_until

        await self.publish(OrganisationRegistered(organisation_id=organisation_id, name=organisation_id, siret=None))

        async def registered() -> bool:
            return bool(await self.fetchval(
                "SELECT count(*) FROM registered_organisations WHERE organisation_id = $1", organisation_id))

        await wait_until(registered, timeout=30)

    async def issue_key(self, organisation_id: str) -> dict[str, str]:
        await self.register(organisation_id)
        answer = await self.client.post(f"/back-office/organisations/{organisation_id}/keys",
                                        headers=self.token("buyer"))
        assert answer.status_code == 201, answer.text
        return {"X-Api-Key": answer.json()["api_key"]}

    async def publish(self, *events: Any) -> None:
        from pacte_contracts.envelope import wrap
        from pacte_platform.outbox import encode

        for event in events:
            envelope = wrap(event, producer="procurement")
            await self.producer.send_and_wait(
                event.TOPIC, value=encode(envelope), key=envelope.key.encode(),
                headers=[("event_id", str(envelope.event_id).encode()), ("event_type", envelope.type.encode())])

    def scheduled(self, session_id: str, holder: str, *, days: int = 5, start: date = date(2019, 9, 23),
                  capacity: int = 10, hours_per_day: str = "7", revision: int = 1, **extra: Any) -> Any:
        from pacte_contracts.procurement import SessionRescheduled, SessionScheduled

        planned = [start + timedelta(days=i) for i in range(days)]
        fields = dict(
            lot_id="L-1", tender_id="T-1", axis="qualifying", territory="69", domain="digital",
            action_type="certifying", billing_unit="trainee_hour", unit_price_cents=1000,
            return_to_work_bonus_cents=0, session_id=session_id, order_id="BC-1", holder_organisation_id=holder,
            starts_on=planned[0], ends_on=planned[-1], planned_days=planned, hours_per_day=hours_per_day,
            capacity=capacity, place="Lyon", revision=revision,
        )
        fields.update(extra)
        model = SessionScheduled if revision == 1 else SessionRescheduled
        return model.model_validate(fields)

    async def schedule(self, session_id: str, holder: str, **kwargs: Any) -> None:
        await self.publish(self.scheduled(session_id, holder, **kwargs))
        await self.wait_for_session(session_id, kwargs.get("revision", 1))

    async def wait_for_session(self, session_id: str, revision: int = 1) -> None:
        from pacte_testing import wait_until

        async def arrived() -> bool:
            return bool(await self.fetchval(
                "SELECT revision >= $2 AND holder_org_id IS NOT NULL FROM sessions WHERE session_id = $1",
                session_id, revision))

        await wait_until(arrived, timeout=30)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        async with self.runtime.db().acquire() as conn:
            return await conn.fetchval(sql, *args)

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        async with self.runtime.db().acquire() as conn:
            return list(await conn.fetch(sql, *args))

    async def counts(self) -> dict[str, int]:
        """Row counts of every table a declaration may change (to prove a refusal changed nothing)."""
        tables = ("stays", "suspensions", "open_days", "trainer_hours", "attendance_records", "satisfaction_scores",
                  "outcomes", "trainee_pseudonyms", "audit_log")
        result = {t: await self.fetchval(f"SELECT count(*) FROM {t}") for t in tables}
        # Refusals (403) are audited as attempts (action 'refused'); they change no declaration.
        result["audit_log"] = await self.fetchval("SELECT count(*) FROM audit_log WHERE action <> 'refused'")
        result["revisions"] = await self.fetchval(
            "SELECT coalesce(sum(revision), 0) FROM (SELECT revision FROM stays UNION ALL SELECT revision FROM "
            "attendance_records UNION ALL SELECT revision FROM open_days UNION ALL SELECT revision FROM "
            "trainer_hours UNION ALL SELECT revision FROM satisfaction_scores UNION ALL SELECT revision FROM "
            "outcomes) r")
        return result

    async def session_events(self, session_id: str, expected: int, timeout: float = 20,
                             topic: str = "attendance.session.v1") -> list[dict[str, Any]]:
        """Reads the attendance events of one session back from Kafka (what other services get)."""
        import asyncio
        import json
        import time

        from aiokafka import AIOKafkaConsumer

        consumer = AIOKafkaConsumer(topic, bootstrap_servers=self.infra.bootstrap,
                                    group_id=f"test-{uuid.uuid4().hex}", auto_offset_reset="earliest")
        await consumer.start()
        found: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        try:
            while len(found) < expected and time.monotonic() < deadline:
                batches = await consumer.getmany(timeout_ms=300)
                for records in batches.values():
                    for record in records:
                        if record.key == session_id.encode():
                            found.append(json.loads(record.value))
                await asyncio.sleep(0)
        finally:
            await consumer.stop()
        return found


@pytest.fixture
async def attendance(infra: Any, database_url: str) -> AsyncIterator[Harness]:
    from pacte_attendance.entrypoints.app import build_runtime, create_app
    from pacte_platform import kafka
    from pacte_testing import settings_for, start_service, stop_service

    runtime = build_runtime(settings_for(infra, database_url, "attendance"))  # type: ignore[arg-type]
    running = await start_service(runtime, create_app(runtime))
    producer = await kafka.create_producer(infra.bootstrap, idempotent=infra.broker_kind == "apache")
    try:
        yield Harness(running, producer, infra)
    finally:
        await producer.stop()
        await stop_service(running)
