"""Test fixtures over the real infrastructure (pytest plugin: `pytest_plugins = ["pacte_testing"]`).

One PostgreSQL server and one Kafka-protocol broker per test session, started by the project
(or taken from DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS); each test gets a fresh database.
`PACTE_TEST_BROKER=apache|tansu` chooses the broker (Apache Kafka when Java is there).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from pacte_platform.infra.kafka import BrokerProcess, apache_kafka_available
from pacte_platform.infra.net import free_port
from pacte_platform.infra.postgres import EmbeddedPostgres


def pytest_configure(config: pytest.Config) -> None:
    # Services started by the tests run in the explicit development mode (development values for the
    # secrets a test does not set); the tests of production settings unset it where they need to.
    os.environ.setdefault("PACTE_DEV_MODE", "1")


@dataclass
class Infra:
    database_url: str
    bootstrap: str
    broker_kind: str


def _start_infra(root: Path) -> tuple[Infra, list[object]]:
    started: list[object] = []
    database_url = os.environ.get("PACTE_TEST_DATABASE_URL")
    if not database_url:
        pg = EmbeddedPostgres(root / "pg", free_port())
        pg.start()
        started.append(pg)
        database_url = pg.url
    bootstrap = os.environ.get("PACTE_TEST_KAFKA_BOOTSTRAP_SERVERS")
    kind = os.environ.get("PACTE_TEST_BROKER") or ("apache" if apache_kafka_available() else "tansu")
    if not bootstrap:
        broker = BrokerProcess(kind, free_port(), root / kind)
        broker.start()
        started.append(broker)
        bootstrap = broker.bootstrap
    return Infra(database_url, bootstrap, kind), started


def reap_orphans() -> None:
    """Stops the servers of earlier test runs that died without cleaning up (killed pytest)."""
    for root in Path(tempfile.gettempdir()).glob("pacte-test-*"):
        owner = root / "owner.pid"
        if not owner.exists() and time.time() - root.stat().st_mtime < 1800:
            continue  # too young to judge without an owner
        try:
            pid = int(owner.read_text())
            os.kill(pid, 0)
            continue  # its pytest still runs
        except (OSError, ValueError):
            pass
        for kind in ("apache", "tansu"):
            if (root / kind / "broker.pid").exists():
                BrokerProcess(kind, 0, root / kind).stop(timeout=10)
        if (root / "pg" / "postmaster.pid").exists():
            EmbeddedPostgres(root / "pg", 0).stop()
        import shutil

        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    reap_orphans()
    root = Path(tempfile.mkdtemp(prefix="pacte-test-"))
    os.chmod(root, 0o755)
    (root / "owner.pid").write_text(str(os.getpid()))
    infra, started = _start_infra(root)
    from pacte_platform.kafka import ensure_topics

    asyncio.run(ensure_topics(infra.bootstrap))
    try:
        yield infra
    finally:
        for thing in reversed(started):
            if isinstance(thing, BrokerProcess):
                thing.stop()
            elif isinstance(thing, EmbeddedPostgres):
                thing.destroy()


def database_url_for(base: str, name: str) -> str:
    head, _, _ = base.rpartition("/")
    return f"{head}/{name}"


async def create_database(base_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(base_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return database_url_for(base_url, name)


@pytest.fixture
async def database_url(infra: Infra) -> AsyncIterator[str]:
    yield await create_database(infra.database_url)


@dataclass
class RunningService:
    runtime: object
    client: object  # httpx.AsyncClient bound to the app


async def start_service(runtime: object, app: object) -> RunningService:
    """Starts a ServiceRuntime in this event loop (migrations, consumers, relay) with an ASGI client."""
    import httpx

    from pacte_platform.runtime import ServiceRuntime

    assert isinstance(runtime, ServiceRuntime)
    await runtime.start()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")  # type: ignore[arg-type]
    return RunningService(runtime, client)


async def stop_service(running: RunningService) -> None:
    import httpx

    from pacte_platform.runtime import ServiceRuntime

    assert isinstance(running.client, httpx.AsyncClient)
    assert isinstance(running.runtime, ServiceRuntime)
    await running.client.aclose()
    await running.runtime.stop()


def settings_for(infra: Infra, database_url: str, service: str, **extra: object) -> object:
    from pacte_platform.settings import PlatformSettings

    return PlatformSettings.model_validate({
        "PACTE_SERVICE": service, "DATABASE_URL": database_url, "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap,
        "KAFKA_IDEMPOTENT_PRODUCER": "true" if infra.broker_kind == "apache" else "false",
        "OUTBOX_POLL_INTERVAL_S": 0.1, **extra,
    })


async def wait_until(predicate: object, timeout: float = 20.0, interval: float = 0.1) -> None:
    """Polls an async predicate until it is truthy (events cross Kafka asynchronously)."""

    deadline = time.monotonic() + timeout
    while True:
        result = predicate()  # type: ignore[operator]
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(interval)


@pytest.fixture(scope="module")
def private_infra(infra: Infra) -> Iterator[Infra]:
    """The session's PostgreSQL with a broker of this module's own.

    For tests that read whole topics from the beginning and compare totals: on the shared broker,
    other modules' events on the same topics would count too.
    """
    if os.environ.get("PACTE_TEST_KAFKA_BOOTSTRAP_SERVERS"):
        pytest.skip("needs a broker of its own; an external broker is configured")
    root = Path(tempfile.mkdtemp(prefix="pacte-test-"))
    os.chmod(root, 0o755)
    (root / "owner.pid").write_text(str(os.getpid()))
    broker = BrokerProcess(infra.broker_kind, free_port(), root / infra.broker_kind)
    broker.start()
    from pacte_platform.kafka import ensure_topics

    asyncio.run(ensure_topics(broker.bootstrap))
    try:
        yield Infra(infra.database_url, broker.bootstrap, infra.broker_kind)
    finally:
        broker.stop()
        import shutil

        shutil.rmtree(root, ignore_errors=True)


async def publish_cut_markers(bootstrap: str, cut_id: str, topics: Sequence[str], *, producer: str = "test") -> None:
    """Sends a cut's markers to every partition of `topics`, as the producing services' relays do
    when a closing is requested (pacte_platform.cuts): for tests of one service whose closing waits
    for services that are not running."""
    from aiokafka import AIOKafkaProducer

    from pacte_contracts.envelope import CutMarker, wrap

    client = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await client.start()
    try:
        for topic in topics:
            envelope = wrap(CutMarker(cut_id=cut_id, producer=producer), producer=producer)
            headers = [("event_type", envelope.type.encode()), ("event_id", str(envelope.event_id).encode())]
            for partition in sorted(await client.partitions_for(topic)):
                await client.send_and_wait(topic, value=envelope.model_dump_json().encode(),
                                           key=envelope.key.encode(), headers=headers, partition=partition)
    finally:
        await client.stop()
