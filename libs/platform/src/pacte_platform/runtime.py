"""One service process: HTTP API, batch consumers and the outbox relay around one pool.

`ServiceRuntime.app()` returns the FastAPI application whose lifespan migrates the schema,
opens the pool, starts the FastStream broker (consumers) and the relay, and stops them in
reverse order.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Callable, Collection, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import REGISTRY

from pacte_contracts.envelope import Event
from pacte_contracts.topics import ATTENDANCE_CREDENTIAL, CUT_TOPICS
from pacte_platform import db, kafka, migrations
from pacte_platform.consumer import (
    BatchConsumer,
    CutFilter,
    CutHandler,
    Handler,
    MarkerPreparation,
    event_type_names,
    observe_lag,
    subscribe,
)
from pacte_platform.http import install_error_handlers, install_middlewares, metrics_response
from pacte_platform.logging import configure_logging, get_logger
from pacte_platform.metrics import CONSUMER_FAILURES, DEAD_LETTERS
from pacte_platform.mirrors import MirrorDecoder
from pacte_platform.outbox import OutboxRelay
from pacte_platform.settings import PlatformSettings
from pacte_platform.signing import CredentialVerifier, EventCheck
from pacte_platform.startup import when_reachable

log = get_logger(component="runtime")


@dataclass
class ConsumerSpec:
    name: str
    topics: Sequence[str]
    handler: Handler
    #: The event types (and their subtypes) the handler acts on; None: every type on the topics.
    #: The others are acknowledged without being decoded (most of a topic's traffic, often).
    event_types: Collection[type[Event]] | None = None
    #: A busy consumer: runs `settings.consumer_instances` group members in the process.
    parallel: bool = False
    #: Takes part in consistent cuts (closings) on its topics among `CUT_TOPICS`: called in the
    #: transaction in which every marker of a cut is in (pacte_platform.cuts).
    on_cut: CutHandler | None = None
    #: Whether a cut is one this service waits for (None: every cut). The initiator of the cuts
    #: knows its own: the markers of another cut are then not held (a cut a producer announced
    #: alone would otherwise hold the partitions for good, see docs/architecture.md).
    takes_cut: CutFilter | None = None
    #: Called first in a batch that records markers of a cut it waits for (pacte_platform.consumer.MarkerPreparation).
    before_markers: MarkerPreparation | None = None
    #: Hot event types the handler receives as msgspec mirrors of their contracts (pacte_platform.mirrors):
    #: such a handler dispatches with `mirrors.contract_of`, not `isinstance` on the contracts' classes.
    mirrored: Collection[type[Event]] = ()


def _tune_garbage_collector() -> None:
    """Batches allocate tens of thousands of short-lived objects (records, envelopes, events, rows):
    with the default thresholds the collector runs dozens of times per batch and walks every object
    the service holds (measured: decoding 4.5 µs per event instead of 3.4). What exists at start-up
    (modules, schemas, the app) is frozen out of the collector's walks; young generations are
    collected every 50,000 allocations instead of 700."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


@dataclass
class ServiceRuntime:
    service: str
    migrations_dir: Path
    consumers: list[ConsumerSpec] = field(default_factory=list)
    settings: PlatformSettings = field(default_factory=PlatformSettings)
    title: str = ""
    description: str = ""
    version: str = "1.0.0"
    openapi_tags: list[dict[str, Any]] | None = None
    #: The settings' secrets this service needs beyond every service's (`settings.BASE_SECRETS`):
    #: it refuses to start without them, unless in development mode.
    secrets: tuple[str, ...] = ()

    pool: asyncpg.Pool | None = None
    #: The schema holds the `organisation_keys` projection: API keys can be verified here.
    knows_organisation_keys: bool = False
    producer: AIOKafkaProducer | None = None
    broker: KafkaBroker | None = None
    relay: OutboxRelay | None = None
    batch_consumers: list[BatchConsumer] = field(default_factory=list)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    on_started: list[Callable[[ServiceRuntime], Any]] = field(default_factory=list)
    #: The service's own long-running loops (a delivery worker, a retention purge), started once the
    #: pool, relay and consumers are up and cancelled at stop like the relay.
    background: list[Callable[[ServiceRuntime], Coroutine[Any, Any, None]]] = field(default_factory=list)

    @property
    def schema(self) -> str:
        return self.service

    def db(self) -> asyncpg.Pool:
        assert self.pool is not None, "service not started"
        return self.pool

    @property
    def reads_credentials(self) -> bool:
        return any(ATTENDANCE_CREDENTIAL in spec.topics for spec in self.consumers)

    def _checked_settings(self) -> EventCheck | None:
        """Refuses to start without the secrets the service needs; the check of credential events."""
        settings = self.settings
        needed = (*self.secrets, *(("credentials_verify_keys",)
                                   if self.reads_credentials and not settings.dev_mode else ()))
        settings.require_secrets(*needed)
        settings.require_kafka_authentication()
        if settings.dev_mode:
            log.warning("development mode: development secrets fill what is not set, a broker without "
                        "authentication is accepted; never in production")
        if not settings.credentials_verify_keys:
            if self.reads_credentials:
                log.warning("credential events are not verified: PACTE_CREDENTIALS_VERIFY_KEYS is not set "
                            "(development mode)")
            return None
        return CredentialVerifier.from_text(settings.credentials_verify_keys).check

    async def start(self) -> None:
        configure_logging(self.service, self.settings.log_level)
        event_check = self._checked_settings()
        wait = self.settings.startup_timeout_s
        applied = await when_reachable("PostgreSQL (migrations)", self._migrate, timeout_s=wait)
        if applied:
            log.info("migrations applied", applied=applied)
        self.pool = await when_reachable("PostgreSQL (pool)", lambda: db.create_pool(
            self.settings.database_url, self.schema, min_size=self.settings.db_pool_min,
            max_size=self.settings.db_pool_max), timeout_s=wait)
        bootstrap = self.settings.kafka_bootstrap_servers
        security = self.settings.kafka_options()
        mode = self.settings.kafka_idempotent_producer.lower()
        idempotent = ((await when_reachable("Kafka (idempotence probe)", lambda: kafka.broker_supports_idempotence(
            bootstrap, **security), timeout_s=wait)) if mode == "auto" else mode == "true")
        self.producer = await when_reachable("Kafka (producer)", lambda: kafka.create_producer(
            bootstrap, idempotent=idempotent, **security), timeout_s=wait)

        async def renew_producer() -> AIOKafkaProducer:
            old = self.producer
            self.producer = await kafka.create_producer(bootstrap, idempotent=idempotent, **security)
            for batch_consumer in self.batch_consumers:
                batch_consumer.dlq_producer = self.producer
            if old is not None:
                with contextlib.suppress(Exception):
                    await old.stop()
            return self.producer

        self.relay = OutboxRelay(service=self.service, schema=self.schema, database_url=self.settings.database_url,
                                 pool=self.pool, producer=self.producer,
                                 batch_size=self.settings.outbox_batch_size,
                                 poll_interval_s=self.settings.outbox_poll_interval_s,
                                 chaos_reorder_duplicate=self.settings.chaos_reorder_duplicate,
                                 chaos_delay_s=self.settings.chaos_relay_delay_ms / 1000,
                                 renew_producer=renew_producer)
        self._tasks.append(asyncio.create_task(self.relay.run(), name=f"{self.service}-relay"))
        if self.consumers:
            self.broker = KafkaBroker(
                bootstrap, logger=None, client_id=self.service, security=kafka.broker_security(security),
                # FastStream's own per-subscriber metrics (received, processed, latency) beside ours.
                middlewares=[KafkaPrometheusMiddleware(registry=REGISTRY, app_name=self.service)],
            )
            for spec in self.consumers:
                consumer = BatchConsumer(name=spec.name, topics=spec.topics, handler=spec.handler,
                                         service=self.service, pool=self.pool,
                                         max_attempts=self.settings.dlq_max_attempts, dlq_producer=self.producer,
                                         event_types=None if spec.event_types is None
                                         else event_type_names(spec.event_types),
                                         on_cut=spec.on_cut, takes_cut=spec.takes_cut,
                                         before_markers=spec.before_markers,
                                         cut_topics=frozenset(spec.topics) & CUT_TOPICS, check=event_check,
                                         mirrors=MirrorDecoder(spec.mirrored) if spec.mirrored else None)
                self.batch_consumers.append(consumer)
                # Series exist from the start (at 0), so dashboards and alerts can tell "none" from "unknown".
                CONSUMER_FAILURES.labels(spec.name)
                for topic in spec.topics:
                    DEAD_LETTERS.labels(spec.name, topic)
                subscribe(self.broker, consumer, max_records=self.settings.consumer_max_records,
                          batch_timeout_ms=self.settings.consumer_batch_timeout_ms,
                          session_timeout_ms=self.settings.consumer_session_timeout_ms,
                          instances=self.settings.consumer_instances if spec.parallel else 1,
                          partition_fetch_bytes=self.settings.consumer_partition_fetch_bytes
                          if spec.parallel else None)
            broker = self.broker
            await when_reachable("Kafka (consumers)", broker.start, timeout_s=wait, undo=broker.stop)
            self._tasks.append(asyncio.create_task(self._observe_lag(), name=f"{self.service}-lag"))
        for loop in self.background:
            self._tasks.append(asyncio.create_task(loop(self), name=f"{self.service}-{loop.__name__}"))
        _tune_garbage_collector()
        log.info("service started", idempotent_producer=idempotent, consumers=[c.name for c in self.consumers])
        for hook in self.on_started:
            result = hook(self)
            if asyncio.iscoroutine(result):
                await result

    async def _migrate(self) -> list[str]:
        """Migrates the service's schema; the names of the migrations applied now."""
        conn = await asyncpg.connect(self.settings.database_url)
        try:
            await migrations.ensure_platform_tables(conn, self.schema)
            applied = await migrations.migrate(conn, self.schema, self.migrations_dir)
            self.knows_organisation_keys = bool(await conn.fetchval(
                "SELECT to_regclass($1) IS NOT NULL", f'"{self.schema}".organisation_keys'))
        finally:
            await conn.close()
        return applied

    async def stop(self) -> None:
        if self.broker is not None:
            with contextlib.suppress(Exception):
                await self.broker.stop()
        if self.relay is not None:
            self.relay.stop()
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            # asyncio.wait_for may swallow a cancellation on 3.11; the stop flag ends the loops too.
            await asyncio.wait(self._tasks, timeout=10)
        self._tasks.clear()
        if self.producer is not None:
            with contextlib.suppress(Exception):
                await self.producer.stop()
        if self.pool is not None:
            await self.pool.close()

    async def _observe_lag(self, interval_s: float = 2.0) -> None:
        """Keeps `pacte_consumer_lag_events` current for every consumer of this service."""
        while True:
            for consumer in self.batch_consumers:
                try:
                    await observe_lag(consumer)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # a metric must never stop the service
                    log.debug("consumer lag not observed", consumer=consumer.name, error=repr(exc))
            await asyncio.sleep(interval_s)

    async def outbox_depth(self) -> int:
        async with self.db().acquire() as conn:
            return int(await conn.fetchval("SELECT count(*) FROM outbox"))

    def app(self) -> FastAPI:
        @contextlib.asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            await self.start()
            try:
                yield
            finally:
                await self.stop()

        app = FastAPI(title=self.title or f"pacte {self.service}", description=self.description,
                      version=self.version, lifespan=lifespan, openapi_tags=self.openapi_tags)
        app.state.pacte_runtime = self  # lets the platform's middlewares reach the pool (refusal audit)
        install_error_handlers(app)
        install_middlewares(app, self.service, self.settings.max_body_bytes, self.settings.scrape_token)
        runtime = self

        @app.get("/health", tags=["operations"], summary="Liveness and readiness")
        async def health() -> dict[str, Any]:
            async with runtime.db().acquire() as conn:
                await conn.fetchval("SELECT 1")
            return {"status": "ok", "service": runtime.service}

        @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", include_in_schema=False)
        async def metrics() -> Any:
            return metrics_response()

        @app.get("/internal/quiet", tags=["operations"], summary="Outbox depth and consumer groups",
                 include_in_schema=False)
        async def quiet() -> dict[str, Any]:
            return {
                "service": runtime.service,
                "outbox_depth": await runtime.outbox_depth(),
                "consumer_groups": {c.name: list(c.topics) for c in runtime.consumers},
            }

        return app


def serve(runtime: ServiceRuntime, app: FastAPI) -> None:
    import uvicorn

    try:
        import uvloop

        loop = "uvloop"
        del uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency on Linux
        loop = "asyncio"
    uvicorn.run(app, host=runtime.settings.http_host, port=runtime.settings.http_port, log_level="warning",
                loop=loop, access_log=False, timeout_graceful_shutdown=5,
                # Longer than clients' idle pools (httpx keeps 5 s): the server must not be the side that
                # closes an idle connection at the instant a client reuses it.
                timeout_keep_alive=75)
