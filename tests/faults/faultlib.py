"""Fault-injection harness: plays a generated scenario on a real stack while faults are injected,
then checks the no-money-lost oracle (docs/reliability.md).

The oracle, after every fault run:
1. the report equals the report of the same scenario played without faults (invoices to the cent,
   indicators, budget, milestones, rejections), through `pacte_cli.scenario.report.compare`;
2. every accepted fact is exactly once in billing's ledger: each fact-bearing event published on
   `attendance.session.v1` (distinct event id) is one ledger row, no event is two rows, billing's
   current-version tables equal attendance's own tables (key, revision, hours) and point at the
   ledger row of that revision;
3. every consumer group's lag is zero and every outbox is empty;
4. the dead letters (tables and `.dlq` topics) are exactly the messages poisoned on purpose, and no
   message is left half-failed in `consumer_failures`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from pacte_cli.quiet import close_probes
from pacte_cli.scenario.generator import generate, write_jsonl
from pacte_cli.scenario.player import Player, PlayResult
from pacte_cli.scenario.report import build_report, compare
from pacte_cli.stack import Stack
from pacte_contracts import attendance as att
from pacte_contracts.envelope import Envelope
from pacte_contracts.topics import dlq_topic
from pacte_platform.kafka import LagProbe

#: Small enough for CI, big enough to have closings, invoices, milestones and refusals.
SCENARIO_SIZE: dict[str, Any] = {"seed": 11, "lots": 4, "sessions_per_lot": 1, "months": 3, "faults": 0.03}

#: Every figure measured by the fault tests lands here (one JSON object per run) for the report.
FIGURES_FILE = Path(os.environ.get("PACTE_FAULTS_FIGURES")
                    or Path(tempfile.gettempdir()) / "pacte-faults-figures.jsonl")

#: The services that own a schema with the platform's tables (the gateway, if any, has none).
BACKEND = ("procurement", "attendance", "billing", "improvement", "indicators")

FACT_EVENTS = (att.AttendanceRecorded, att.TrainerHoursDeclared, att.OpenDayDeclared, att.TraineeEvent,
               att.OutcomeRecorded)


def generated_scenario(path: Path, **size: Any) -> Path:
    write_jsonl(path, generate(**size))
    return path


def scenario_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def lines_of(path: Path, *commands: str) -> list[int]:
    """1-based line numbers of the scenario's commands of these kinds."""
    return [n for n, text in enumerate(scenario_lines(path), start=1)
            if text.strip() and json.loads(text).get("cmd") in commands]


class ObservedPlayer(Player):
    """The CLI's player, telling the fault injector which line it plays and when a closing starts."""

    run: FaultRun | None = None

    async def play_one(self, number: int, command: dict[str, Any]) -> None:
        assert self.run is not None
        self.run.line = number
        if command.get("cmd") == "period.close":
            self.run.closing_lines.append(number)
            if self.run.quiet_closings:
                await self.quiet()  # SCENARIO.md version 1: a closing only once the system is quiet
        await super().play_one(number, command)

    async def play_batch(self, organisation: str, lines: list[tuple[int, dict[str, Any]]]) -> None:
        assert self.run is not None
        self.run.line = lines[0][0]
        await super().play_batch(organisation, lines)

    async def quiet(self) -> None:
        assert self.run is not None
        # A quiet wait needs every service: frozen ones are resumed first (a freeze may start again after).
        self.run.thaw()
        self.run.quieting = True
        try:
            await super().quiet()
        finally:
            self.run.quieting = False

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        assert self.run is not None
        if method == "POST" and url.endswith("/close") and "/periods/" in url:
            self.run.closings_requested.add(self.run.line)
        return await super().request(method, url, **kwargs)


@dataclass
class Figures:
    name: str
    faults: list[str] = field(default_factory=list)
    commands: int = 0
    accepted: int = 0
    refused: int = 0
    retries: int = 0
    replayed_answers: int = 0
    play_seconds: float = 0.0
    messages_on_topics: int = 0
    distinct_events: int = 0
    duplicates_on_topics: int = 0
    events_processed: int = 0
    duplicates_absorbed: int = 0
    ledger_rows: int = 0
    dead_letters: int = 0
    report_differences: int = 0
    money_differences: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


Injector = Callable[["FaultRun"], Awaitable[None]]


class FaultRun:
    """One fresh stack (embedded PostgreSQL, Kafka, five services) for one scenario run."""

    def __init__(self, scenario: Path, name: str, *, env: dict[str, str] | None = None,
                 skip_lines: Iterable[int] = (), service_env: dict[str, dict[str, str]] | None = None,
                 quiet_closings: bool = False) -> None:
        self.scenario = scenario
        self.name = name
        # A killed consumer's partitions wait for its session to expire: 6 s here (30 s by default)
        # keeps the suite short; the behaviour under test is the same.
        self.env = {"CONSUMER_SESSION_TIMEOUT_MS": "6000", **(env or {})}
        self.skip_lines = set(skip_lines)
        #: Environment of single services (a fault in one relay: PACTE_CHAOS_RELAY_DELAY_MS).
        self.service_env = service_env or {}
        #: Wait for quiet before each closing, as version 1 did: the reference a closing must equal.
        self.quiet_closings = quiet_closings
        self.stack: Stack | None = None
        self.result: PlayResult | None = None
        self.line = 0
        self.closing_lines: list[int] = []
        #: Lines whose closing request was sent (a closing is sent at once, no quiet point before it).
        self.closings_requested: set[int] = set()
        self.figures = Figures(name)
        #: Services frozen by `freeze` (SIGSTOP) until `thaw`; the player is in a quiet wait.
        self.frozen: list[str] = []
        self.quieting = False
        self.rng = random.Random(f"{name}-20191001")
        self._saved_env: dict[str, str | None] = {}
        self._playing = False

    # --- lifecycle ------------------------------------------------------------------------------

    def __enter__(self) -> FaultRun:
        for key, value in self.env.items():
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = value
        self.stack = Stack(ephemeral=True, broker=os.environ.get("PACTE_TEST_BROKER") or None, log=lambda _: None,
                           service_overrides=self.service_env)
        try:
            self.stack.up()
        except BaseException:
            self.stack.down()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.stack is not None:
                self.stack.down()
        finally:
            for key, value in self._saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    @property
    def state(self) -> Any:
        assert self.stack is not None and self.stack.state is not None
        return self.stack.state

    @property
    def urls(self) -> dict[str, str]:
        return {name: self.state.url(name) for name in self.state.services}

    @property
    def broker_kind(self) -> str:
        return str(self.state.broker_kind)

    # --- playing ----------------------------------------------------------------------------------

    def play(self, *injectors: Injector, run_id: str | None = None) -> PlayResult:
        return asyncio.run(self._play(injectors, run_id))

    async def _play(self, injectors: tuple[Injector, ...], run_id: str | None = None) -> PlayResult:
        self.closings_requested = set()
        lines = ["" if n in self.skip_lines else text
                 for n, text in enumerate(scenario_lines(self.scenario), start=1)]
        async with httpx.AsyncClient(timeout=60) as client:
            player = ObservedPlayer.on_stack(self.state, client)
            if run_id is not None:
                player.run_id = run_id  # the same Idempotency-Keys as an earlier play
            player.run = self
            self._playing = True
            started = time.monotonic()
            tasks = [asyncio.create_task(injector(self)) for injector in injectors]
            try:
                result = await player.play(lines)
                self._playing = False
                for task in tasks:  # a fault may still be healing (a restart in progress)
                    await task
                await player.quiet()
            finally:
                self._playing = False
                self.thaw()
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                await close_probes()
        self.result = result
        f = self.figures
        f.commands, f.accepted, f.refused = result.commands, result.accepted, len(result.rejections)
        f.retries, f.replayed_answers = result.retries, result.replayed
        f.play_seconds = round(time.monotonic() - started, 1)
        return result

    async def closing_requested(self, line: int, timeout: float = 120) -> None:
        """Waits until the closing of the scenario's line `line` has been requested."""
        async with asyncio.timeout(timeout):
            while line not in self.closings_requested and self._playing:
                await asyncio.sleep(0.005)

    async def reach(self, line: int) -> None:
        """Waits until the player has started the scenario's line `line` (or has finished)."""
        while self.line < line and self._playing:
            await asyncio.sleep(0.01)

    def fault(self, text: str) -> None:
        self.figures.faults.append(text)

    # --- faults -------------------------------------------------------------------------------------

    async def kill_service(self, service: str, down_for: float) -> None:
        assert self.stack is not None
        self.fault(f"SIGKILL {service} at line {self.line}, restarted after {down_for:.1f}s")
        await asyncio.to_thread(self.stack.restart_service, service, signal.SIGKILL, down_for)

    def freeze(self, *services: str) -> None:
        """SIGSTOP to these services' processes: frozen, as by a long GC pause or a stalled VM, and
        left behind by everything produced meanwhile; `thaw` resumes them where they were."""
        for service in services:
            os.killpg(int(self.state.services[service]["pid"]), signal.SIGSTOP)
        self.frozen += services
        self.fault(f"SIGSTOP {', '.join(services)} at line {self.line}")

    def thaw(self) -> None:
        if not self.frozen:
            return
        for service in self.frozen:
            os.killpg(int(self.state.services[service]["pid"]), signal.SIGCONT)
        self.fault(f"SIGCONT {', '.join(self.frozen)} at line {self.line}")
        self.frozen = []

    async def consumer_groups_of(self, *services: str) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        async with httpx.AsyncClient(timeout=30, headers=self.state.operations_headers()) as client:
            for service in services:
                groups.update((await client.get(self.urls[service] + "/internal/quiet")).json()["consumer_groups"])
        return groups

    async def stop_broker(self) -> None:
        assert self.stack is not None
        self.fault(f"Kafka broker stopped (SIGTERM) at line {self.line}")
        await asyncio.to_thread(self.stack.stop_broker)

    async def start_broker(self) -> None:
        assert self.stack is not None
        await asyncio.to_thread(self.stack.start_broker)
        self.fault(f"Kafka broker restarted at line {self.line}")

    async def stop_postgres(self) -> None:
        assert self.stack is not None
        self.fault(f"PostgreSQL stopped at line {self.line}")
        await asyncio.to_thread(self.stack.stop_postgres)

    async def start_postgres(self) -> None:
        assert self.stack is not None
        await asyncio.to_thread(self.stack.start_postgres)
        self.fault(f"PostgreSQL restarted at line {self.line}")

    async def outbox_depths(self) -> dict[str, int]:
        conn = await asyncpg.connect(self.state.database_url)
        try:
            return {s: int(await conn.fetchval(f'SELECT count(*) FROM "{s}".outbox')) for s in BACKEND}
        finally:
            await conn.close()

    # --- reading back -------------------------------------------------------------------------------

    def report(self) -> dict[str, Any]:
        assert self.result is not None

        async def build() -> dict[str, Any]:
            async with httpx.AsyncClient(timeout=120) as client:
                return await build_report(client, self.urls, self.state.auth_secret, self.result.rejections)

        return asyncio.run(build())

    def check(self, baseline: dict[str, Any], *, dead_letters: int = 0) -> Figures:
        """The whole oracle; returns the figures (also appended to FIGURES_FILE)."""
        report = self.report()
        differences = compare(baseline, report)
        self.figures.report_differences = len(differences)
        self.figures.money_differences = sum(1 for d in differences if d.startswith("$.invoices")
                                             or "cents" in d)
        self.check_invariants(dead_letters=dead_letters)
        self.save_figures()
        assert not differences, f"{len(differences)} differences with the fault-free run:\n" + "\n".join(
            differences[:40])
        return self.figures

    #: Log lines that show a recovery path being taken (counted per run into the figures).
    LOG_MARKERS = ("outbox relay renewed its Kafka producer", "idempotency key reservation taken over",
                   "poison message redelivered", "offset commit refused after a rebalance",
                   "batch not processed, will be fetched again", "database unavailable")

    def count_log_markers(self) -> dict[str, int]:
        assert self.stack is not None
        counts = dict.fromkeys(self.LOG_MARKERS, 0)
        for path in (self.stack.state_dir / "logs").glob("*.log"):
            text = path.read_text(errors="replace")
            for marker in self.LOG_MARKERS:
                counts[marker] += text.count(marker)
        return {k: v for k, v in counts.items() if v}

    def save_figures(self) -> None:
        if self.stack is not None:
            self.figures.extra["recoveries_in_logs"] = self.count_log_markers()
        with FIGURES_FILE.open("a") as handle:
            handle.write(json.dumps(self.figures.__dict__, default=str) + "\n")

    def check_invariants(self, *, dead_letters: int = 0) -> None:
        asyncio.run(self._invariants(dead_letters))

    async def _invariants(self, expected_dead_letters: int) -> None:
        groups = await self._consumer_groups()
        probe = LagProbe(self.state.bootstrap, **self.state.kafka_options())
        try:
            lag = await probe.lag(groups)
        finally:
            await probe.close()
        assert not any(lag.values()), f"consumer lag is not zero: {lag}"
        records = await read_topics(self.state.bootstrap, sorted({t for ts in groups.values() for t in ts}),
                                    **self.state.kafka_options())
        conn = await asyncpg.connect(self.state.database_url)
        try:
            depths = {s: await conn.fetchval(f'SELECT count(*) FROM "{s}".outbox') for s in BACKEND}
            assert not any(depths.values()), f"outboxes not empty: {depths}"
            failures = {s: await conn.fetchval(f'SELECT count(*) FROM "{s}".consumer_failures') for s in BACKEND}
            assert not any(failures.values()), f"messages left failing: {failures}"
            dead = [dict(r) for s in BACKEND for r in await conn.fetch(
                f'SELECT consumer, topic, event_id, error, headers FROM "{s}".dead_letters WHERE replayed_at IS NULL')]
            assert len(dead) == expected_dead_letters, (
                f"dead letters: {len(dead)} != {expected_dead_letters}: "
                f"{Counter((d['consumer'], d['topic']) for d in dead)} {[d['error'][:80] for d in dead]}")
            ever_dead = sum([await conn.fetchval(f'SELECT count(*) FROM "{s}".dead_letters') for s in BACKEND])
            inbox = {r["consumer"]: r["n"] for s in BACKEND for r in await conn.fetch(
                f"SELECT consumer, count(*) AS n FROM \"{s}\".inbox WHERE outcome = 'processed' GROUP BY 1")}
            await self._check_ledger(conn, records)
        finally:
            await conn.close()
        dlq_records = await read_topics(self.state.bootstrap,
                                        sorted({dlq_topic(t) for ts in groups.values() for t in ts}),
                                        **self.state.kafka_options())
        assert len(dlq_records) == ever_dead, f"{len(dlq_records)} messages on .dlq topics, {ever_dead} dead letters"
        for record in dlq_records:
            names = {name for name, _ in record.headers or ()}
            assert {"dlq_error", "dlq_consumer", "dlq_origin_topic", "dlq_origin_partition",
                    "dlq_origin_offset", "dlq_attempts"} <= names, f"a dead letter lacks its headers: {names}"
        f = self.figures
        per_topic = Counter(r.topic for r in records)
        distinct_per_topic = {t: len({_event_id(r) for r in records if r.topic == t}) for t in per_topic}
        f.messages_on_topics = len(records)
        f.distinct_events = sum(distinct_per_topic.values())
        f.duplicates_on_topics = f.messages_on_topics - f.distinct_events
        f.events_processed = sum(inbox.values())
        # Every group read every message of its topics (lag 0); what did not become an inbox row
        # (processed once) was a duplicate the inbox absorbed, or a dead letter.
        f.duplicates_absorbed = sum(per_topic[t] - distinct_per_topic[t] for ts in groups.values() for t in ts
                                    if t in per_topic)
        f.dead_letters = len(dead)
        f.extra["redeliveries_absorbed_seen_by_live_processes"] = await self._metric_sum(
            "pacte_consumer_events_total", 'outcome="duplicate"')
        f.extra["dlq_topic_messages"] = len(dlq_records)

    async def _metric_sum(self, name: str, label: str) -> int:
        """Sum of a Prometheus counter over the services' current processes (a restart resets it)."""
        total = 0.0
        async with httpx.AsyncClient(timeout=30) as client:
            for service in BACKEND:
                text = (await client.get(self.urls[service] + "/metrics",
                                         headers=self.state.operations_headers())).text
                total += sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                             if line.startswith(name + "{") and label in line)
        return int(total)

    async def _consumer_groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        async with httpx.AsyncClient(timeout=30) as client:
            for url in self.urls.values():
                groups.update((await client.get(url + "/internal/quiet", headers=self.state.operations_headers())
                               ).json()["consumer_groups"])
        return groups

    async def _check_ledger(self, conn: asyncpg.Connection, records: list[Any]) -> None:
        """Every accepted fact exactly once in billing's ledger, current tables = attendance's."""
        facts: dict[Any, str] = {}
        for record in records:
            if record.topic != "attendance.session.v1":
                continue
            decoded = _decode(record)  # None: a poisoned message, the DLQ check accounts for it
            if decoded is not None and isinstance(decoded[1], FACT_EVENTS):
                facts[decoded[0].event_id] = type(decoded[1]).__name__
        # One row per event and business key: a cancelled enrolment is one event withdrawing several keys.
        rows = await conn.fetch("SELECT event_id, business_key, count(*) AS n FROM billing.facts "
                                "WHERE fact_type <> 'milestone' GROUP BY event_id, business_key")
        ledger = {r["event_id"]: r["n"] for r in rows}
        twice = {(r["event_id"], r["business_key"]): r["n"] for r in rows if r["n"] > 1}
        assert not twice, f"events recorded more than once in the ledger: {twice}"
        missing = set(facts) - set(ledger)
        extra = set(ledger) - set(facts)
        assert not missing, f"{len(missing)} accepted facts missing from the ledger: {sorted(map(str, missing))[:5]}"
        assert not extra, (f"{len(extra)} ledger rows without a published fact: {sorted(map(str, extra))[:5]} "
                           f"(read {Counter(r.topic for r in records)})")
        self.figures.ledger_rows = len(ledger)
        pairs = {
            # A withdrawn record has no hours in attendance and 0 hours in billing's ledger.
            "attendance": ("SELECT session_id, trainee_key, day, revision, coalesce(hours_present, 0) AS q "
                           "FROM attendance.attendance_records",
                           _CURRENT_HOURS.format(fact_type="attendance")),
            "trainer_hours": ("SELECT session_id, trainer_id, day, revision, hours AS q FROM attendance.trainer_hours",
                              _CURRENT_HOURS.format(fact_type="trainer_hours")),
            "open_days": ("SELECT session_id, day, revision FROM attendance.open_days",
                          "SELECT session_id, day, revision FROM billing.open_days"),
            "stays": ("SELECT session_id, trainee_key, revision, status, exited_on FROM attendance.stays",
                      "SELECT session_id, trainee_key, revision, status, exited_on FROM billing.stays"),
            "outcomes": ("SELECT session_id, trainee_key, months_after_exit, revision FROM attendance.outcomes",
                         "SELECT session_id, trainee_key, months_after_exit, revision FROM billing.outcomes"),
        }
        for name, (source, billed) in pairs.items():
            a = {tuple(r) for r in await conn.fetch(source)}
            b = {tuple(r) for r in await conn.fetch(billed)}
            assert a == b, (f"billing's current {name} differ from attendance's: {len(a - b)} only in attendance "
                            f"{sorted(a - b)[:3]}, {len(b - a)} only in billing {sorted(b - a)[:3]}")
        # The per-session totals billing maintains by deltas equal the sums of the current versions.
        for fact_type, kind in (("attendance", "trainee_hour"), ("trainer_hours", "trainer_hour")):
            latest = _CURRENT_HOURS.format(fact_type=fact_type)
            current = {(r[0], r[1]): r[2] for r in await conn.fetch(
                f"SELECT session_id, to_char(day, 'YYYY-MM'), sum(q) FROM ({latest}) c GROUP BY 1, 2")}
            totals = {(r[0], r[1]): r[2] for r in await conn.fetch(
                "SELECT session_id, origin_period, quantity FROM billing.hour_totals WHERE kind = $1", kind)}
            assert {k: v for k, v in current.items() if v} == {k: v for k, v in totals.items() if v}, (
                f"billing.hour_totals ({kind}) differ from the sums of the current {fact_type} facts")
        for table in ("open_days", "stays", "outcomes"):
            stale = await conn.fetchval(
                f"SELECT count(*) FROM billing.{table} c JOIN billing.facts f USING (fact_id) "
                f"WHERE f.revision <> c.revision")
            dangling = await conn.fetchval(
                f"SELECT count(*) FROM billing.{table} c WHERE NOT EXISTS "
                f"(SELECT 1 FROM billing.facts f WHERE f.fact_id = c.fact_id)")
            assert stale == 0 and dangling == 0, f"billing.{table}: {stale} stale, {dangling} dangling ledger links"


#: Billing's current version of each hour fact: the highest revision per key in its ledger.
_CURRENT_HOURS = ("SELECT DISTINCT ON (session_id, subject, business_date) session_id, subject, business_date AS day, "
                  "revision, quantity AS q FROM billing.facts WHERE fact_type = '{fact_type}' "
                  "ORDER BY session_id, subject, business_date, revision DESC")


def _decode(record: Any) -> tuple[Envelope, Any] | None:
    try:
        envelope = Envelope.model_validate_json(record.value)
        return envelope, envelope.decode()
    except ValueError:
        return None


def _event_id(record: Any) -> str:
    for name, value in record.headers or ():
        if name == "event_id":
            return bytes(value).decode(errors="replace")
    return f"{record.topic}:{record.partition}:{record.offset}"


async def read_topics(bootstrap: str, topics: list[str], **security: Any) -> list[Any]:
    """Every record of these topics, from the beginning, in offset order per partition (`security`: the
    stack's admin principal, `StackState.kafka_options()`)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest",
                                **security)
    await consumer.start()
    try:
        partitions = []
        # Ask the client to track these topics, then insist: every topic exists (deploy/topics.yaml).
        await consumer._client.set_topics(topics)
        for topic in topics:
            deadline = time.monotonic() + 20
            while not (parts := consumer.partitions_for_topic(topic)):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no metadata for topic {topic}")
                await consumer._client.force_metadata_update()
                await asyncio.sleep(0.2)
            partitions += [TopicPartition(topic, p) for p in sorted(parts)]
        if not partitions:
            return []
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp in partitions:
            consumer.seek(tp, 0)  # explicit: seek_to_beginning is lazy and may race with position()
        pending = {tp for tp in partitions if ends[tp] > 0}
        records: list[Any] = []
        deadline = time.monotonic() + 120
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=500, max_records=5000)
            for tp, items in batch.items():
                records += [r for r in items if r.offset < ends[tp]]
                if items and items[-1].offset >= ends[tp] - 1:
                    pending.discard(tp)
            for tp in list(pending):
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {sorted(map(str, pending))} to their end")
        return records
    finally:
        with contextlib.suppress(Exception):
            await consumer.stop()


async def http_status(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(url, headers=headers)
        return response.status_code, dict(response.headers)


def revision_order_violations(records: list[Any]) -> int:
    """Per partition, first deliveries of AttendanceRecorded must come in revision order per business key."""
    seen: set[str] = set()
    last: dict[tuple[Any, ...], int] = defaultdict(int)
    violations = 0
    for record in sorted(records, key=lambda r: (r.topic, r.partition, r.offset)):
        if record.topic != "attendance.session.v1":
            continue
        event_id = _event_id(record)
        if event_id in seen:
            continue
        seen.add(event_id)
        decoded = _decode(record)
        event = decoded[1] if decoded else None
        if isinstance(event, att.AttendanceRecorded):
            key = (event.session_id, event.trainee_key, event.date)
            if event.revision < last[key]:
                violations += 1
            last[key] = max(last[key], event.revision)
    return violations
