"""Erasure-then-replay helpers shared by the fault tests: an empty database, a service of the stack
started again on it under a consumer-group prefix of its own (so it replays every topic from the
start), waiting until it has caught up, and looking for a text in a schema's tables or the topics."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx

from pacte_platform.infra.net import free_port
from pacte_platform.kafka import LagProbe


async def create_database(database_url: str, name: str) -> str:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return database_url.rsplit("/", 1)[0] + "/" + name


async def tables_mentioning(database_url: str, schema: str, text: str) -> list[str]:
    """The tables of `schema` with a row whose text holds `text`."""
    conn = await asyncpg.connect(database_url)
    try:
        tables = await conn.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 "
                                  "AND table_type = 'BASE TABLE'", schema)
        found = []
        for t in tables:
            name = f'"{schema}"."{t["table_name"]}"'
            if await conn.fetchval(f"SELECT count(*) FROM {name} x WHERE strpos(x::text, $1) > 0", text):
                found.append(name)
        return found
    finally:
        await conn.close()


async def all_topics(bootstrap: str, **security: Any) -> list[str]:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **security)
    await admin.start()
    try:
        return sorted(t for t in await admin.list_topics() if not t.startswith("__"))
    finally:
        await admin.close()


async def wait_caught_up(state: Any, url: str, timeout: float = 180) -> None:
    """The service at `url` has no lag on any of its groups and an empty outbox, three times in a row."""
    async with httpx.AsyncClient(timeout=10, headers=state.operations_headers()) as client:
        groups = (await client.get(url + "/internal/quiet")).json()["consumer_groups"]
        probe = LagProbe(state.bootstrap, **state.kafka_options())
        deadline = time.monotonic() + timeout
        calm = 0
        try:
            while True:
                lag = await probe.lag(groups)
                outbox = (await client.get(url + "/internal/quiet")).json()["outbox_depth"]
                calm = calm + 1 if not any(lag.values()) and outbox == 0 else 0
                if calm >= 3:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"rebuilt service not caught up: lag {lag}, outbox {outbox}")
                await asyncio.sleep(0.5)
        finally:
            await probe.close()


@contextlib.contextmanager
def rebuilt(run: Any, service: str, prefix_setting: str) -> Iterator[tuple[str, str]]:
    """A fresh `service` replaying every topic into an empty database (its consumer groups under a new
    prefix, `prefix_setting`); yields its URL and database once it has caught up, stops it afterwards."""
    state = run.state
    database = asyncio.run(create_database(state.database_url, f"pacte_rebuild_{service}"))
    port = free_port()
    proc = run.stack.start_extra_service(service, f"{service}-rebuild", port=port, env={
        "DATABASE_URL": database, prefix_setting: f"{service}-rebuild"})
    run.fault(f"fresh {service} replaying every topic into an empty database")
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, f"the rebuilding {service} did not start"
            time.sleep(0.3)
        asyncio.run(wait_caught_up(state, url))
        yield url, database
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
