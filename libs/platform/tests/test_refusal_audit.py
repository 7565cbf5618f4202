"""Refusals (403) are audited under a verified identity only, and an audit that cannot be written is
never silent (issue 18): the platform's middleware over a real PostgreSQL schema."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import Header

from pacte_platform import db, migrations, orgauth
from pacte_platform.auth import issue_token, new_api_key
from pacte_platform.http import Problem
from pacte_platform.metrics import AUDIT_FAILURES
from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import PlatformSettings

SECRET = "refusal-audit-test-secret"


@dataclass
class Service:
    runtime: ServiceRuntime
    client: httpx.AsyncClient
    pool: asyncpg.Pool

    async def refusals(self) -> list[dict[str, Any]]:
        async with self.pool.acquire() as conn:
            return [dict(r) for r in await conn.fetch(
                "SELECT actor, role, after FROM audit_log WHERE action = 'refused' ORDER BY id")]


async def service(database_url: str, schema: str, *, with_keys: bool) -> Service:
    """A service's app and pool without Kafka: a route that always refuses (403)."""
    conn = await asyncpg.connect(database_url)
    try:
        await migrations.ensure_platform_tables(conn, schema)
        if with_keys:
            await conn.execute(f'SET search_path TO "{schema}"')
            await orgauth.ensure_credentials_table(conn)
    finally:
        await conn.close()
    settings = PlatformSettings.model_validate({"PACTE_AUTH_SECRET": SECRET, "DATABASE_URL": database_url})
    runtime = ServiceRuntime(schema, Path(tempfile.gettempdir()), settings=settings)
    runtime.pool = await db.create_pool(database_url, schema, min_size=1, max_size=2)
    runtime.knows_organisation_keys = with_keys
    app = runtime.app()

    @app.post("/v1/things/{thing_id}")
    async def refuse(thing_id: str, x_api_key: str | None = Header(default=None)) -> None:
        raise Problem(403, "forbidden", "not yours")

    return Service(runtime, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t"),
                   runtime.pool)


@pytest.fixture
async def keys_service(database_url: str) -> AsyncIterator[Service]:
    running = await service(database_url, "keyed", with_keys=True)
    yield running
    await running.client.aclose()
    await running.pool.close()


async def test_a_refusal_is_attributed_only_to_a_verified_organisation(keys_service: Service) -> None:
    victim, caller = new_api_key(), new_api_key()
    async with keys_service.pool.acquire() as conn:
        for key, organisation in ((victim, "OF-VICTIM"), (caller, "OF-CALLER")):
            await conn.execute("INSERT INTO organisation_keys (key_id, organisation_id, key_sha256) "
                               "VALUES ($1, $2, $3)", key.key_id, organisation, key.sha256)
    forged = f"pk_{victim.key_id}_not-the-secret"
    answers = [
        (await keys_service.client.post("/v1/things/T-1", headers={"X-Api-Key": forged})).status_code,
        (await keys_service.client.post("/v1/things/T-1", headers={"X-Api-Key": caller.secret_key})).status_code,
        (await keys_service.client.post("/v1/things/T-1", headers={
            "Authorization": "Bearer " + issue_token("another-secret", "mallory", ["finance"])})).status_code,
        (await keys_service.client.post("/v1/things/T-1", headers={
            "Authorization": "Bearer " + issue_token(SECRET, "alice", ["auditor"])})).status_code,
    ]
    assert answers == [403, 403, 403, 403]
    assert [(r["actor"], r["role"]) for r in await keys_service.refusals()] == [
        ("anonymous", "unknown"), ("OF-CALLER", "organisation"), ("anonymous", "unknown"), ("alice", "auditor")]
    claims = [r["after"] for r in await keys_service.refusals()]
    assert claims[0] == {"status": 403, "claimed_key_id": victim.key_id}
    assert claims[2] == {"status": 403, "claimed_subject": "mallory"} and claims[1] == claims[3] == {"status": 403}


async def test_a_key_header_on_a_service_without_keys_is_still_audited(database_url: str) -> None:
    """Issue 18: on procurement and indicators any X-Api-Key made the audit write fail (no row)."""
    running = await service(database_url, "keyless", with_keys=False)
    try:
        response = await running.client.post("/v1/things/T-1", headers={"X-Api-Key": "pk_abc_def"})
        assert response.status_code == 403
        [row] = await running.refusals()
        assert (row["actor"], row["role"], row["after"]) == ("anonymous", "unknown",
                                                             {"status": 403, "claimed_key_id": "abc"})
    finally:
        await running.client.aclose()
        await running.pool.close()


async def test_a_refusal_that_cannot_be_audited_is_not_answered_as_if_it_were(keys_service: Service) -> None:
    async with keys_service.pool.acquire() as conn:
        await conn.execute("ALTER TABLE audit_log RENAME TO audit_log_gone")
    before = AUDIT_FAILURES.labels("keyed")._value.get()
    response = await keys_service.client.post("/v1/things/T-1")
    assert (response.status_code, response.json()["code"]) == (503, "service_unavailable")
    assert response.headers["retry-after"] == "2"
    assert AUDIT_FAILURES.labels("keyed")._value.get() == before + 1
