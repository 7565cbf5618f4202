"""`make bench` / `make bench-smoke`: every figure of the performance issue, measured in one run.

One ephemeral stack (embedded PostgreSQL + Apache Kafka, or Tansu without Java) and the services as
real processes; phases run one after the other so each has the machine to itself:

1. produce the programme straight into the topics (procurement events, enrolments, attendance facts);
2. raw baseline: aiokafka getmany → msgspec decode → COPY into one table (bench/raw.py);
3. billing alone, then indicators alone, consume everything from an empty database (events/s);
4. attendance, improvement and procurement join; period closing of the first month for every order (seconds), then
   of the second month requested behind a backlog of 100,000 acknowledged facts billing and
   indicators have not consumed yet (seconds, and the backlog measured at the request);
5. ingest: attendance declarations through `POST /v1/batch` (5,000 per request) → attendance →
   its outbox → Kafka, then end to end until billing and indicators have consumed them;
6. latency at a steady rate: from the API's answer to (a) the indicators' accrual moving and
   (b) the billable fact being in billing's ledger (p50/p95/p99);
7. rebuild: billing, indicators and improvement replay every topic into empty schemas;
8. peak RSS of every service process during each phase.

Results go to a Markdown file (BENCHMARKS.md for `make bench`) and a JSON twin.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from bench import dataset
from bench.profile_summary import categorise, top_self
from bench.raw import raw_baseline
from pacte_cli.stack import Stack
from pacte_contracts import topics
from pacte_platform.auth import issue_token
from pacte_platform.kafka import LagProbe
from pacte_platform.settings import PlatformSettings

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Size:
    orders: int
    trainees: int
    days: int
    ingest: int
    latency_rate: int
    latency_s: float
    ingest_trainees: int = 25
    ingest_days: int = 200
    #: Facts acknowledged, and not yet consumed, when the second closing is requested.
    backlog: int = 100_000


FULL = Size(orders=1000, trainees=12, days=84, ingest=100_000, latency_rate=1000, latency_s=30)
SMOKE = Size(orders=100, trainees=10, days=20, ingest=10_000, latency_rate=1000, latency_s=8, backlog=10_000)
CLOSING_PERIOD = "2019-09"
#: Closed behind the backlog (the main programme runs from 2019-09-02 over 84 working days).
BACKLOG_PERIOD = "2019-10"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- memory ------------------------------------------------------------------------------------

def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler:
    """Samples the RSS of every service process (and the bench itself) every 0.2 s, peak per phase."""

    def __init__(self) -> None:
        self.pids: dict[str, int] = {"bench": os.getpid()}
        self.phase = "setup"
        self.peaks: dict[str, dict[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            peaks = self.peaks.setdefault(self.phase, {})
            for name, pid in list(self.pids.items()):
                rss = _rss_kib(pid)
                if rss > peaks.get(name, 0):
                    peaks[name] = rss

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)


# --- CPU ----------------------------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    return text.rsplit(")", 1)[1].split()


def _cpu_s(pid: int, *, reaped: bool = True) -> float:
    """User + system seconds of a process (threads included), plus its reaped children's."""
    fields = _stat(pid)
    if not fields:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if reaped else 0)
    return ticks / _TICK


def _children(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == parent:
                pids.append(int(entry.name))
    return pids


def stack_cpu(stack: Stack, pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of a stack's own processes: PostgreSQL (postmaster, backends and the backends
    already gone), the broker, and each of `pids` (services by name)."""
    out: dict[str, float] = {}
    pg = stack._pg
    if pg is not None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            postmaster = int((pg.data_dir / "postmaster.pid").read_text().split()[0])
            out["postgres"] = _cpu_s(postmaster) + sum(_cpu_s(c) for c in _children(postmaster))
    broker = stack._broker
    if broker is not None and broker.pid:
        out["kafka"] = _cpu_s(broker.pid)
    for name, pid in pids.items():
        out[name] = _cpu_s(pid)
    return out


# --- the run -----------------------------------------------------------------------------------

@dataclass
class Bench:
    size: Size
    broker: str | None
    profile: bool
    out_dir: Path
    replicas: int = 2
    #: Phases to run besides produce and the raw baseline (None: all of them).
    only: frozenset[str] | None = None
    #: Load pg_stat_statements and keep each consuming phase's costliest statements.
    statements: bool = False
    results: dict[str, Any] = field(default_factory=dict)
    loads: dict[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.stack = Stack(ephemeral=True, broker=self.broker, log=log)
        self.memory = MemorySampler()
        self.main = dataset.Programme(orders=self.size.orders, trainees=self.size.trainees, days=self.size.days)
        needed = self.size.ingest + int(self.size.latency_rate * self.size.latency_s * 1.2) + 5000 + self.size.backlog
        per_session = self.size.ingest_trainees * self.size.ingest_days
        self.ingest = dataset.Programme(orders=math.ceil(needed / per_session), trainees=self.size.ingest_trainees,
                                        days=self.size.ingest_days, organisations=1, prefix="I",
                                        first_day=date(2020, 1, 6), tender_id="T-INGEST")
        self.client = httpx.AsyncClient(timeout=120)
        self._enrolled = False

    @property
    def state(self) -> Any:
        assert self.stack.state is not None
        return self.stack.state

    @property
    def operations(self) -> dict[str, str]:
        """The scrape token that `/metrics` and `/internal/quiet` require."""
        return dict(self.state.operations_headers())

    def phase(self, name: str) -> None:
        self.memory.phase = name
        self.loads[name] = os.getloadavg()[:2]
        log(f"--- {name} (load {self.loads[name][0]:.2f})")

    # services ----------------------------------------------------------------------------------

    def start(self, *services: str, env: dict[str, str] | None = None) -> float:
        t0 = time.perf_counter()
        saved = {k: os.environ.get(k) for k in (env or {})}
        os.environ.update(env or {})
        try:
            for service in services:
                self.stack.start_service(service)
                self.memory.pids[service] = int(self.state.services[service]["pid"])
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.stack.wait_healthy(180)
        return time.perf_counter() - t0

    async def _launch_and_drain(self, services: tuple[str, ...], groups: dict[str, list[str]],
                                also: Callable[[], None] | None = None) -> dict[str, Any]:
        """Launches the services (then `also`, e.g. a profiler or replicas) and measures from that
        instant until their groups have caught up: what they consume while starting up counts."""
        cpu0 = self.cpu()
        t0 = time.perf_counter()
        for service in services:
            self.launch(service)
        if also is not None:
            also()
        healthy = asyncio.create_task(asyncio.to_thread(self.stack.wait_healthy, 180))
        result = await self.drain(services, t0, groups=groups, cpu0=cpu0)
        await healthy
        return result

    def launch(self, service: str) -> None:
        """Starts a service process without waiting for it to answer."""
        self.stack.start_service(service)
        self.memory.pids[service] = int(self.state.services[service]["pid"])

    def stop(self, *services: str) -> None:
        for service in services:
            self.stack.stop_service(service)
            self.state.services.pop(service, None)
            self.memory.pids.pop(service, None)

    def cpu(self) -> dict[str, float]:
        return stack_cpu(self.stack, self.memory.pids)

    @staticmethod
    def cpu_delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
        # A process started during the phase counts from zero.
        return {k: round(v - before.get(k, 0.0), 2) for k, v in after.items()}

    def url(self, service: str) -> str:
        return str(self.state.url(service))

    async def groups(self, *services: str) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for service in services:
            body = (await self.client.get(self.url(service) + "/internal/quiet", headers=self.operations)).json()
            groups.update(body["consumer_groups"])
        return groups

    async def _outbox_or_none(self, *services: str) -> int | None:
        try:
            return await self.outbox(*services)
        except httpx.HTTPError:
            return None  # still starting

    async def outbox(self, *services: str) -> int:
        total = 0
        for service in services:
            answer = await self.client.get(self.url(service) + "/internal/quiet", headers=self.operations)
            total += int(answer.json()["outbox_depth"])
        return total

    async def drain(self, services: tuple[str, ...], started: float, timeout: float = 3600,
                    groups: dict[str, list[str]] | None = None,
                    cpu0: dict[str, float] | None = None) -> dict[str, Any]:
        """Waits until every consumer group of `services` has caught up; events/s from the first progress.

        With `groups` and `cpu0` given, it may start before the services answer (they are being launched):
        what they consume while starting up is counted."""
        groups = groups or await self.groups(*services)
        cpu0 = cpu0 if cpu0 is not None else self.cpu()
        probe = LagProbe(self.state.bootstrap, **self.state.kafka_options())
        try:
            all_topics = sorted({t for ts in groups.values() for t in ts})
            ends = await _end_offsets(probe, all_topics)
            events = sum(sum(ends[t].values()) for ts in groups.values() for t in ts)
            initial: int | None = None
            first: float | None = None
            calm = 0
            while True:
                lag = sum((await probe.lag(groups)).values())
                now = time.perf_counter()
                if initial is None:
                    initial = lag
                if first is None and lag < initial:
                    first = now
                if lag == 0 and await self._outbox_or_none(*services) == 0:
                    calm += 1
                    if calm >= 2:
                        break
                else:
                    calm = 0
                if now - started > timeout:
                    raise TimeoutError(f"{services} still {lag} behind after {timeout}s")
                await asyncio.sleep(0.1)
            done = time.perf_counter()
        finally:
            await probe.close()
        first = first or started
        return {"events": events, "groups": sorted(groups), "cpu_s": self.cpu_delta(cpu0, self.cpu()),
                "seconds": done - first,
                "seconds_with_start": done - started, "events_per_s": events / max(done - first, 1e-9)}

    # phases ------------------------------------------------------------------------------------

    async def produce(self) -> None:
        self.phase("produce")
        dataset.check_template()
        t0 = time.perf_counter()
        setup = await dataset.produce(self.state.bootstrap, self.state.kafka_options(), _chain(
            dataset.setup_messages(self.main), dataset.setup_messages(self.ingest),
            dataset.enrolment_messages(self.main)))
        facts = await dataset.produce(self.state.bootstrap, self.state.kafka_options(),
                                      dataset.fact_messages(self.main))
        seconds = time.perf_counter() - t0
        self.results["produce"] = {"setup_events": setup, "facts": facts, "seconds": seconds,
                                   "events_per_s": (setup + facts) / seconds}
        log(f"produced {setup} setup events and {facts} attendance facts in {seconds:.1f}s")

    async def raw(self) -> None:
        self.phase("raw baseline")
        probe = LagProbe(self.state.bootstrap, **self.state.kafka_options())
        try:
            ends = await _end_offsets(probe, [topics.ATTENDANCE_SESSION])
        finally:
            await probe.close()
        expected = sum(ends[topics.ATTENDANCE_SESSION].values())
        cpu0 = self.cpu()
        result: dict[str, Any] = dict(await raw_baseline(self.state.bootstrap, self.state.database_url,
                                                         topics.ATTENDANCE_SESSION, expected,
                                                         security=self.state.kafka_options()))
        result["cpu_s"] = self.cpu_delta(cpu0, self.cpu())
        self.results["raw"] = result
        log(f"raw baseline: {result['events']} events in {result['seconds']:.1f}s = {result['events_per_s']:,.0f}/s")

    def wants(self, phase: str) -> bool:
        return self.only is None or phase in self.only

    async def _reset_statements(self) -> None:
        if not self.statements:
            return
        async with _connect(self.state.database_url) as conn:
            await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public")
            await conn.execute("SELECT public.pg_stat_statements_reset()")

    async def _top_statements(self, name: str, events: int) -> None:
        """The statements that took the database's time, per event of the phase (µs)."""
        if not self.statements:
            return
        async with _connect(self.state.database_url) as conn:
            rows = await conn.fetch(
                """SELECT calls, rows, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
                   FROM public.pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15""")
        lines = [f"{r['total_exec_time'] * 1000 / max(events, 1):8.2f} µs/event {r['calls']:>8} calls "
                 f"{r['rows']:>9} rows  {r['query']}" for r in rows]
        (self.out_dir / f"statements-{name}.txt").write_text("\n".join(lines) + "\n")
        self.results.setdefault("statements", {})[name] = [dict(r) for r in rows]
        log(f"costliest statements of {name}:\n" + "\n".join(lines[:8]))

    async def consume_alone(self, service: str) -> None:
        self.phase(f"{service} consumes alone")
        await self._reset_statements()
        profilers: list[subprocess.Popen[bytes]] = []
        try:
            result = await self._launch_and_drain(
                (service,), _groups_of(service),
                also=lambda: profilers.extend([self._profile(service)] if self.profile else []))
        finally:
            for profiler in profilers:
                _stop_profiler(profiler)
        await self._top_statements(service, result["events"])
        # The service's own view of the phase (batch sizes and durations, per consumer) for bench/analysis.md.
        with contextlib.suppress(httpx.HTTPError):
            metrics = (await self.client.get(self.url(service) + "/metrics", headers=self.operations)).text
            (self.out_dir / f"metrics-{service}.txt").write_text(metrics)
        self.results[f"consume_{service}"] = result
        log(f"{service}: {result['events']} events in {result['seconds']:.1f}s = {result['events_per_s']:,.0f}/s")

    def _profile(self, service: str) -> subprocess.Popen[bytes]:
        pid = int(self.state.services[service]["pid"])
        out = self.out_dir / f"profile-{service}.txt"
        log(f"py-spy records {service} (pid {pid}) into {out}")
        return subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid),
                                 "--format", "raw", "--rate", "50", "--nonblocking", "--output", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    async def consume_replicated(self, service: str, processes: int) -> None:
        """The same consumption from an empty schema with several processes in the consumer group."""
        self.phase(f"{service} x{processes} processes")
        groups = await self.groups(service)
        self.stop(service)
        async with _connect(self.state.database_url) as conn:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{service}" CASCADE')
        await _rewind(self.state.bootstrap, groups, **self.state.kafka_options())
        replicas: list[subprocess.Popen[bytes]] = []
        try:
            result = await self._launch_and_drain(
                (service,), groups,
                also=lambda: replicas.extend(self._replica(service, n) for n in range(2, processes + 1)))
        finally:
            for proc in replicas:
                _terminate(proc)
                self.memory.pids.pop(f"{service}#{replicas.index(proc) + 2}", None)
        result["processes"] = processes
        self.results[f"consume_{service}_x{processes}"] = result
        log(f"{service} x{processes}: {result['events']} events in {result['seconds']:.1f}s = "
            f"{result['events_per_s']:,.0f}/s")

    def _replica(self, service: str, n: int) -> subprocess.Popen[bytes]:
        from pacte_platform.infra.net import free_port

        logs = Path(self.state.root) / "logs"
        out = open(logs / f"{service}-{n}.log", "ab")  # noqa: SIM115 - handed to the child
        proc = subprocess.Popen([sys.executable, "-m", f"pacte_{service}"],
                                env=self.stack.service_env(service, free_port()), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.memory.pids[f"{service}#{n}"] = proc.pid
        return proc

    async def closing(self) -> None:
        # Procurement too, though the bench produced its events itself: it announces the closing's
        # markers on its topics, and billing and indicators wait for them (a consistent cut).
        self.start("attendance", "improvement", "procurement")
        await self.drain(("billing", "indicators", "attendance", "improvement", "procurement"), time.perf_counter())
        t0 = time.perf_counter()
        await self._close(CLOSING_PERIOD)
        seconds = time.perf_counter() - t0
        invoices = await self._invoices(CLOSING_PERIOD)
        self.results["closing"] = {"orders": self.main.orders, "period": CLOSING_PERIOD, "seconds": seconds,
                                   "invoices": invoices}
        log(f"closing {CLOSING_PERIOD}: {invoices} invoices in {seconds:.2f}s")

    async def closing_behind_backlog(self, records: list[dict[str, Any]], key: dict[str, str]) -> None:
        """The next month closed the moment `size.backlog` declarations are acknowledged that billing
        and indicators have not consumed: the closing includes them (BILLING.md version 2), so it
        lasts as long as consuming them plus the closing itself.

        The backlog is made exact by freezing both services (SIGSTOP) while attendance acknowledges
        and publishes it; the closing request is sent to the frozen billing, then both resume: at
        that instant every fact of the backlog is behind the request. Their consumer sessions are
        made to outlive the freeze, so no rebalance is measured."""
        await self.enrol_ingest(key)
        services = ("billing", "indicators")
        everyone = ("billing", "indicators", "attendance", "improvement")
        self.stop(*services)
        self.start(*services, env={"CONSUMER_SESSION_TIMEOUT_MS": "600000"})
        await self.drain(everyone, time.perf_counter())
        self.phase("closing-backlog")
        groups = {g: ts for g, ts in (await self.groups(*services)).items() if g.endswith("-facts")}
        pids = [self.memory.pids[s] for s in services]
        for pid in pids:
            os.killpg(pid, signal.SIGSTOP)
        try:
            t0 = time.perf_counter()
            accepted = 0
            for chunk in _chunks(records[-self.size.backlog:], 5000):
                accepted += await self._batch(key, chunk)
            while await self.outbox("attendance"):
                await asyncio.sleep(0.02)
            acknowledged_s = time.perf_counter() - t0
            probe = LagProbe(self.state.bootstrap, **self.state.kafka_options())
            try:
                behind = await probe.lag(groups)
            finally:
                await probe.close()
            t0 = time.perf_counter()
            closed = asyncio.create_task(self._close(BACKLOG_PERIOD))
            await asyncio.sleep(0.2)  # the request waits on the frozen billing's socket
        finally:
            for pid in pids:
                os.killpg(pid, signal.SIGCONT)
        await closed
        seconds = time.perf_counter() - t0
        invoices = await self._invoices(BACKLOG_PERIOD)
        self.results["closing_backlog"] = {
            "orders": self.main.orders, "period": BACKLOG_PERIOD, "seconds": seconds, "invoices": invoices,
            "backlog_acknowledged": accepted, "acknowledged_seconds": acknowledged_s, "behind_at_request": behind}
        log(f"closing {BACKLOG_PERIOD} behind {accepted} facts (lag {behind}): {invoices} invoices in {seconds:.2f}s")

    async def _close(self, period: str) -> None:
        """Requests the closing of `period` and polls until billing says it is closed."""
        token = issue_token(self.state.auth_secret, "bench", ["finance", "buyer"])
        headers = {"Authorization": f"Bearer {token}"}
        t0 = time.perf_counter()
        answer = await self.client.post(self.url("billing") + f"/periods/{period}/close", headers=headers)
        answer.raise_for_status()
        status = answer.json()
        while status.get("status") != "closed":
            if time.perf_counter() - t0 > 600:
                raise TimeoutError(f"closing of {period} not done: {status}")
            await asyncio.sleep(0.05)
            status = (await self.client.get(self.url("billing") + f"/periods/{period}", headers=headers)).json()

    async def _invoices(self, period: str) -> int:
        async with _connect(self.state.database_url) as conn:
            return int(await conn.fetchval("SELECT count(*) FROM billing.invoices WHERE period = $1", period))

    def ingest_records(self) -> list[dict[str, Any]]:
        p = self.ingest
        records = []
        for day in p.planned_days:
            for i in range(p.orders):
                for t in range(p.trainees):
                    records.append({"cmd": "attendance.record", "session_id": p.session(i), "trainee_id": f"T{t:03d}",
                                    "date": day.isoformat(), "hours_present": 7 if t % 5 else 6, "absence": None})
        return records

    async def enrol_ingest(self, key: dict[str, str]) -> None:
        """The ingest programme's trainees, enrolled once before their declarations."""
        if self._enrolled:
            return
        p = self.ingest
        enrolments = [{"cmd": "trainee.enrol", "session_id": p.session(i), "trainee_id": f"T{t:03d}",
                       "date": p.planned_days[0].isoformat(), "profile": dataset.PROFILE}
                      for i in range(p.orders) for t in range(p.trainees)]
        for chunk in _chunks(enrolments, 5000):
            await self._batch(key, chunk)
        await self.drain(("billing", "indicators", "attendance", "improvement"), time.perf_counter())
        self._enrolled = True

    async def ingest_phase(self, records: list[dict[str, Any]], key: dict[str, str]) -> None:
        self.phase("ingest")
        await self.enrol_ingest(key)
        mine = records[:self.size.ingest]
        t0 = time.perf_counter()
        accepted = 0
        for chunk in _chunks(mine, 5000):
            accepted += await self._batch(key, chunk)
        http_s = time.perf_counter() - t0
        while await self.outbox("attendance"):
            await asyncio.sleep(0.02)
        to_kafka_s = time.perf_counter() - t0
        e2e = await self.drain(("billing", "indicators", "attendance", "improvement"), t0)
        self.results["ingest"] = {
            "records": len(mine), "accepted": accepted, "http_seconds": http_s, "http_per_s": accepted / http_s,
            "to_kafka_seconds": to_kafka_s, "events_per_s": accepted / to_kafka_s,
            "end_to_end_seconds": e2e["seconds_with_start"],
            "end_to_end_per_s": accepted / e2e["seconds_with_start"],
        }
        log(f"ingest: {accepted} accepted, {accepted / http_s:,.0f}/s over HTTP, {accepted / to_kafka_s:,.0f}/s to "
            f"Kafka, {accepted / e2e['seconds_with_start']:,.0f}/s end to end")

    async def _batch(self, key: dict[str, str], records: list[dict[str, Any]]) -> int:
        answer = await self.client.post(self.url("attendance") + "/v1/batch", headers=key, json={"records": records})
        answer.raise_for_status()
        body = answer.json()
        if body["refused"]:
            refused = [r for r in body["results"] if r["status"] != "accepted"][:3]
            raise RuntimeError(f"{body['refused']} records refused, e.g. {refused}")
        return int(body["accepted"])

    async def _settle(self, limit_s: float = 180) -> dict[str, Any]:
        """Waits until no autovacuum worker runs: the 1M-fact load and the ingest leave PostgreSQL a
        vacuum debt that a steady stream would have paid along the way; the latency target is about
        that steady state. Returns what was being vacuumed and how long it took."""
        t0 = time.perf_counter()
        seen: set[str] = set()
        async with _connect(self.state.database_url) as conn:
            while time.perf_counter() - t0 < limit_s:
                rows = await conn.fetch(
                    """SELECT coalesce(p.relid::regclass::text, a.query) AS what FROM pg_stat_activity a
                       LEFT JOIN pg_stat_progress_vacuum p ON p.pid = a.pid
                       WHERE a.backend_type = 'autovacuum worker'""")
                if not rows:
                    break
                seen.update(str(r["what"])[:80] for r in rows)
                await asyncio.sleep(0.5)
        waited = time.perf_counter() - t0
        log(f"autovacuum settled in {waited:.1f}s" + (f" (was vacuuming {sorted(seen)})" if seen else ""))
        return {"waited_s": round(waited, 1), "vacuumed": sorted(seen)}

    async def latency(self, records: list[dict[str, Any]], key: dict[str, str]) -> None:
        settle = await self._settle()
        self.phase("latency")
        rate, duration = self.size.latency_rate, self.size.latency_s
        tick = 0.05
        per_tick = max(1, round(rate * tick))
        ticks = int(duration / tick)
        pool = records[self.size.ingest:self.size.ingest + per_tick * ticks]
        order_of = {self.ingest.session(i): self.ingest.order(i) for i in range(self.ingest.orders)}
        pending_b: dict[str, tuple[float, str]] = {}  # business key → (accepted at, order)
        pending_i: list[tuple[float, str, int]] = []  # (accepted at, order, accrual sequence to reach)
        ledger_ms: list[float] = []
        indicator_ms: list[float] = []
        sending = True
        errors: list[str] = []

        async def send(chunk: list[dict[str, Any]]) -> None:
            try:
                answer = await self.client.post(self.url("attendance") + "/v1/batch", headers=key,
                                                json={"records": chunk})
                accepted_at = time.perf_counter()
                answer.raise_for_status()
                for result in answer.json()["results"]:
                    fact = result.get("fact")
                    if fact is None:
                        errors.append(str(result))
                        continue
                    bkey = f"{fact['session_id']}|{fact['trainee_key']}|{fact['date']}"
                    pending_b[bkey] = (accepted_at, order_of[fact["session_id"]])
            except Exception as exc:
                errors.append(repr(exc))

        async def poll() -> None:
            async with _connect(self.state.database_url) as conn:
                while sending or pending_b or pending_i:
                    if pending_b:
                        keys = list(pending_b)
                        rows = await conn.fetch(
                            """SELECT f.business_key, a.sequence FROM billing.facts f
                               JOIN billing.sessions s ON s.session_id = f.session_id
                               JOIN billing.accruals a ON a.order_id = s.order_id
                               WHERE f.fact_type = 'attendance' AND f.business_key = ANY($1::text[])""", keys)
                        now = time.perf_counter()
                        for row in rows:
                            accepted_at, order = pending_b.pop(row["business_key"])
                            ledger_ms.append((now - accepted_at) * 1000)
                            pending_i.append((accepted_at, order, row["sequence"]))
                    if pending_i:
                        orders = sorted({o for _, o, _ in pending_i})
                        seqs = {r["order_id"]: r["sequence"] for r in await conn.fetch(
                            "SELECT order_id, sequence FROM indicators.accruals WHERE order_id = ANY($1::text[])",
                            orders)}
                        now = time.perf_counter()
                        still = []
                        for accepted_at, order, needed in pending_i:
                            if seqs.get(order, -1) >= needed:
                                indicator_ms.append((now - accepted_at) * 1000)
                            else:
                                still.append((accepted_at, order, needed))
                        pending_i[:] = still
                    if not sending and time.perf_counter() - last_send > 60:
                        errors.append(f"{len(pending_b)} + {len(pending_i)} declarations never seen")
                        return
                    await asyncio.sleep(0.005)

        last_send = time.perf_counter()
        poller = asyncio.create_task(poll())
        inflight: list[asyncio.Task[None]] = []
        t0 = time.perf_counter()
        for n in range(ticks):
            target = t0 + n * tick
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            inflight.append(asyncio.create_task(send(pool[n * per_tick:(n + 1) * per_tick])))
        await asyncio.gather(*inflight)
        sent_s = time.perf_counter() - t0
        last_send = time.perf_counter()
        sending = False
        await poller

        def pct(values: list[float], q: float) -> float:
            if not values:
                return float("nan")
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]

        self.results["latency"] = {
            "rate_target": rate, "declarations": len(pool), "achieved_rate": len(pool) / sent_s,
            "ledger_ms": {q: pct(ledger_ms, v) for q, v in (("p50", .5), ("p95", .95), ("p99", .99))},
            "indicator_ms": {q: pct(indicator_ms, v) for q, v in (("p50", .5), ("p95", .95), ("p99", .99))},
            "ledger_mean_ms": statistics.fmean(ledger_ms) if ledger_ms else None,
            "errors": errors[:5], "error_count": len(errors), "settle": settle,
        }
        log(f"latency: {json.dumps(self.results['latency'])}")

    async def rebuild(self) -> None:
        self.phase("rebuild")
        services = ("billing", "indicators", "improvement")
        groups = await self.groups(*services)
        self.stop(*services)
        async with _connect(self.state.database_url) as conn:
            for schema in services:
                await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await _rewind(self.state.bootstrap, groups, **self.state.kafka_options())
        result = await self._launch_and_drain(services, groups)
        self.results["rebuild"] = result
        log(f"rebuild: {result['events']} events in {result['seconds']:.1f}s = {result['events_per_s']:,.0f}/s")

    async def run(self) -> None:
        self.memory.start()
        try:
            self.phase("infra")
            await asyncio.to_thread(self.stack.start_infra)
            self.results["broker"] = self.state.broker_kind
            self.results["consumer_instances"] = PlatformSettings().consumer_instances
            await self.produce()
            await self.raw()
            # Rewinding a consumer group (replicas, rebuild) needs Apache Kafka: Tansu refuses the commit.
            rewind = self.state.broker_kind == "apache"
            if self.wants("billing"):
                await self.consume_alone("billing")
                if self.replicas > 1 and rewind:
                    await self.consume_replicated("billing", self.replicas)
                self.stop("billing")
            if self.wants("indicators"):
                await self.consume_alone("indicators")
            if not any(self.wants(p) for p in ("closing", "ingest", "latency", "rebuild")):
                return
            self.phase("closing")
            self.start(*(s for s in ("billing", "indicators") if s not in self.state.services))
            await self.closing()
            token = issue_token(self.state.auth_secret, "bench", ["buyer"])
            issued = await self.client.post(
                self.url("attendance") + f"/back-office/organisations/{self.ingest.holder(0)}/keys",
                headers={"Authorization": f"Bearer {token}"})
            issued.raise_for_status()
            key = {"Authorization": f"Bearer {issued.json()['api_key']}"}
            await self.drain(("billing", "indicators", "attendance", "improvement"), time.perf_counter())
            records = self.ingest_records()
            if self.wants("closing"):
                await self.closing_behind_backlog(records, key)
            if self.wants("ingest") or self.wants("latency"):
                await self.ingest_phase(records, key)
            if self.wants("latency"):
                await self.latency(records, key)
            if rewind and self.wants("rebuild"):
                await self.rebuild()
            self.phase("done")
        finally:
            self.memory.stop()
            await self.client.aclose()
            await asyncio.to_thread(self.stack.down)


def _groups_of(service: str) -> dict[str, list[str]]:
    """The service's consumer groups and their topics, from its own runtime definition (the bench
    must know them before the service is up, to count what it consumes while starting)."""
    import importlib

    app = importlib.import_module(f"pacte_{service}.entrypoints.app")
    runtime = app.build_runtime(PlatformSettings())
    return {spec.name: list(spec.topics) for spec in runtime.consumers}


def _chain(*iterables: Any) -> Any:
    for iterable in iterables:
        yield from iterable


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


@contextlib.asynccontextmanager
async def _connect(url: str) -> Any:
    conn = await asyncpg.connect(url)
    try:
        yield conn
    finally:
        await conn.close()


async def _end_offsets(probe: LagProbe, names: list[str]) -> dict[str, dict[int, int]]:
    partitions = await probe.partitions(names)
    client = await probe._client(None)
    ends = await client.end_offsets(partitions)
    result: dict[str, dict[int, int]] = {name: {} for name in names}
    for tp, offset in ends.items():
        result[tp.topic][tp.partition] = offset
    return result


async def _rewind(bootstrap: str, groups: dict[str, list[str]], **security: Any) -> None:
    """Commits offset 0 on every partition of each (now empty) group: the next member replays it all."""
    for group, names in groups.items():
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                                    **security)
        await consumer.start()
        try:
            partitions = [TopicPartition(name, p) for name in names for p in sorted(
                consumer.partitions_for_topic(name) or await _partitions(consumer, name))]
            consumer.assign(partitions)
            await consumer.commit(dict.fromkeys(partitions, 0))
        finally:
            await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, name: str) -> set[int]:
    await consumer._client.force_metadata_update()
    return consumer.partitions_for_topic(name) or set()


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def _stop_profiler(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


# --- report --------------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gib = 0.0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = int(line.split()[1]) / 1024 / 1024
    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory": f"{mem_gib:.1f} GiB",
            "os": platform.platform(), "python": platform.python_version()}


def _fmt(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def render(bench: Bench, command: str, started: datetime, seconds: float) -> str:
    r = bench.results
    raw = r["raw"]["events_per_s"]
    m = machine()
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{command}` on {started:%Y-%m-%d %H:%M} UTC in {seconds / 60:.1f} min "
        f"(`make bench` writes this file; `make bench-smoke` is the small CI version).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, {m['os']}, Python {m['python']}; broker "
        f"{r.get('broker')}; embedded PostgreSQL; everything (broker, database, services, load generator) on the "
        "same machine.",
        "",
        f"Programme: {bench.main.orders:,} orders × {bench.main.trainees} trainees × {bench.main.days} working days = "
        f"{bench.main.facts:,} attendance facts ({r['produce']['setup_events']:,} setup events), produced into "
        f"the topics at {_fmt(r['produce']['events_per_s'])} events/s.",
        "",
        "## Throughput",
        "",
        "| measure | events | seconds | events/s | ratio to raw | target | load (1 min) |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]

    def row(name: str, res: dict[str, Any], target: str, phase: str, ratio: bool = True) -> None:
        rate = res["events_per_s"]
        ok = ""
        if ratio and target:
            ok = " ✅" if rate / raw >= 0.5 else " ❌"
        lines.append(f"| {name} | {res['events']:,} | {res['seconds']:.1f} | {_fmt(rate)} | "
                     f"{rate / raw:.2f}×{ok} | {target} | {bench.loads.get(phase, (0, 0))[0]:.2f} |")

    row("raw baseline (getmany → msgspec → COPY)", r["raw"], "", "raw baseline", ratio=False)
    members = r.get("consumer_instances", 1)
    if "consume_billing" in r:
        row(f"billing consumes alone (inbox + ledger + accrual; one process, {members} group members)",
            r["consume_billing"], "≥ 0.5×", "billing consumes alone")
    for key, res in r.items():
        if key.startswith("consume_billing_x"):
            row(f"billing, {res['processes']} processes ({res['processes'] * members} members) in one group, "
                "from an empty schema", res, "≥ 0.5×",
                f"billing x{res['processes']} processes")
    if "consume_indicators" in r:
        row("indicators consumes alone (inbox + projection)", r["consume_indicators"], "≥ 0.5×",
            "indicators consumes alone")
    if "rebuild" in r:
        row("rebuild: billing + indicators + improvement from empty schemas", r["rebuild"], "≥ 0.5×", "rebuild")
    else:
        lines.append("| rebuild | skipped: rewinding consumer groups needs Apache Kafka | | | | | |")
    lines += [
        "",
        "### Where the CPU goes (seconds of CPU per 1,000 events, all processes of the stack)",
        "",
        "| measure | consumer process(es) | PostgreSQL | Kafka | total | cores busy |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, key in (("raw baseline", "raw"), ("billing alone", "consume_billing"),
                      *[(f"billing x{v['processes']}", k) for k, v in r.items() if k.startswith("consume_billing_x")],
                      ("indicators alone", "consume_indicators"), ("rebuild", "rebuild")):
        res = r.get(key)
        if not res or "cpu_s" not in res:
            continue
        cpu = res["cpu_s"]
        per = 1000 / res["events"]
        consumer = sum(v for k, v in cpu.items() if k not in ("postgres", "kafka") and (k != "bench" or key == "raw"))
        total = consumer + cpu.get("postgres", 0) + cpu.get("kafka", 0)
        lines.append(f"| {name} | {consumer * per:.3f} | {cpu.get('postgres', 0) * per:.3f} | "
                     f"{cpu.get('kafka', 0) * per:.3f} | {total * per:.3f} | {total / res['seconds']:.2f} |")
    with_start = ", ".join(f"{name} {r[key]['seconds_with_start']:.1f}s" for name, key in (
        ("billing", "consume_billing"), ("indicators", "consume_indicators"), ("rebuild", "rebuild")) if key in r)
    lines += [
        "",
        "The service rows count every message of the consumer groups' topics (attendance facts, enrolments, "
        "procurement events, accruals); the rate runs from the first committed batch to the last, start-up "
        f"excluded (with start-up: {with_start}).",
    ]
    if "ingest" in r:
        _ingest_and_latency(lines, r, bench)
    if "closing" in r:
        clo = r["closing"]
        lines += [
            "",
            "## Period closing",
            "",
            f"Closing {clo['period']} for {clo['orders']:,} orders ({clo['invoices']:,} invoices; billing → "
            f"indicators snapshot → improvement evaluation → billing invoices): **{clo['seconds']:.2f} s** (target "
            f"< 10 s {'✅' if clo['seconds'] < 10 else '❌'}), load {bench.loads.get('closing', (0, 0))[0]:.2f}.",
        ]
    if "closing_backlog" in r:
        b = r["closing_backlog"]
        lines += [
            "",
            f"Closing {b['period']} for {b['orders']:,} orders ({b['invoices']:,} invoices) requested behind "
            f"{b['backlog_acknowledged']:,} acknowledged declarations billing and indicators had not consumed "
            f"(lag at the request: {', '.join(f'{g} {n:,}' for g, n in sorted(b['behind_at_request'].items()))}): "
            f"**{b['seconds']:.2f} s** from the request to `closed` (the closing includes them all), load "
            f"{bench.loads.get('closing-backlog', (0, 0))[0]:.2f}.",
        ]
    lines += [
        "",
        "## Peak RSS per process and phase (MiB)",
        "",
    ]
    names = ["bench", "billing", "billing#2", "indicators", "attendance", "improvement"]
    lines += ["| phase | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for phase, peaks in bench.memory.peaks.items():
        if phase in ("setup", "done"):
            continue
        lines.append(f"| {phase} | " + " | ".join(
            f"{peaks[n] / 1024:.0f}" if peaks.get(n) else "" for n in names) + " |")
    _profiles(lines, bench, started)
    analysis = REPO / "bench" / "analysis.md"
    if analysis.exists():
        lines += ["", analysis.read_text().rstrip()]
    return "\n".join(lines) + "\n"


def _ingest_and_latency(lines: list[str], r: dict[str, Any], bench: Bench) -> None:
    ing = r["ingest"]
    lines += [
        "",
        "## Ingest through the attendance API",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| declarations (`POST /v1/batch`, 5,000 per request, one after the other) | {ing['accepted']:,} |",
        f"| HTTP: accepted declarations/s | {_fmt(ing['http_per_s'])} |",
        f"| attendance → Kafka (outbox relayed): events/s | {_fmt(ing['events_per_s'])} |",
        f"| end to end (API → attendance → Kafka → billing and indicators caught up): events/s | "
        f"{_fmt(ing['end_to_end_per_s'])} |",
        f"| load (1 min) | {bench.loads.get('ingest', (0, 0))[0]:.2f} |",
    ]
    lat = r["latency"]
    p99 = max(lat["indicator_ms"]["p99"], lat["ledger_ms"]["p99"])
    lines += [
        "",
        f"## Latency at {lat['rate_target']:,} declarations/s",
        "",
        f"{lat['declarations']:,} declarations sent as `POST /v1/batch` of {max(1, round(lat['rate_target'] * 0.05))}"
        f" every 50 ms (achieved {_fmt(lat['achieved_rate'])}/s), load {bench.loads.get('latency', (0, 0))[0]:.2f}. "
        "Delay from the API's answer to the fact being seen (polled every 5 ms, so figures include up to one "
        "polling interval). Before the phase, the bench waited "
        f"{lat.get('settle', {}).get('waited_s', 0):.1f} s for autovacuum to finish"
        + (f" ({', '.join(lat['settle']['vacuumed'])})" if lat.get("settle", {}).get("vacuumed") else "")
        + ": the latency target is about a steady stream, not the vacuum debt of a million rows bulk-loaded "
        "a minute before.",
        "",
        "| delay | p50 ms | p95 ms | p99 ms | target |",
        "|---|---:|---:|---:|---|",
        f"| (b) billable fact in billing's ledger | {_fmt(lat['ledger_ms']['p50'])} | "
        f"{_fmt(lat['ledger_ms']['p95'])} | {_fmt(lat['ledger_ms']['p99'])} | |",
        f"| (a) indicator moved (the order's accrual in indicators) | {_fmt(lat['indicator_ms']['p50'])} | "
        f"{_fmt(lat['indicator_ms']['p95'])} | {_fmt(lat['indicator_ms']['p99'])} | p99 < 250 ms "
        f"{'✅' if p99 < 250 else '❌'} |",
    ]
    if lat["error_count"]:
        lines.append(f"\n{lat['error_count']} errors, e.g. {lat['errors']}")


def _profiles(lines: list[str], bench: Bench, started: datetime) -> None:
    for service in ("billing", "indicators"):
        path = bench.out_dir / f"profile-{service}.txt"
        if bench.profile and path.exists() and path.stat().st_mtime >= started.timestamp():
            lines += ["", f"## Profile: {service} consuming alone (py-spy, 50 Hz, samples where the process was "
                      "not idle)", "", categorise(path), "", top_self(path, 12)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="the small CI version")
    parser.add_argument("--orders", type=int, help="orders (one session each)")
    parser.add_argument("--days", type=int, help="working days of attendance per session")
    parser.add_argument("--ingest", type=int, help="declarations sent through the batch API")
    parser.add_argument("--latency-seconds", type=float, help="duration of the latency phase")
    parser.add_argument("--replicas", type=int, default=2,
                        help="also measure billing with this many processes in its group (1: skip)")
    parser.add_argument("--broker", choices=["apache", "tansu", "auto"], default=None)
    parser.add_argument("--profile", action="store_true", help="py-spy the consumers (raw stacks into --out-dir)")
    parser.add_argument("--only", help="comma-separated phases besides produce and raw: billing, indicators, "
                        "closing, ingest, latency, rebuild (default: all)")
    parser.add_argument("--statements", action="store_true",
                        help="load pg_stat_statements and report each consuming phase's costliest statements")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--out-dir", type=Path, default=REPO / "var" / "bench")
    args = parser.parse_args(argv)
    size = SMOKE if args.smoke else FULL
    overrides = {k: v for k, v in {"orders": args.orders, "days": args.days, "ingest": args.ingest,
                                   "latency_s": args.latency_seconds}.items() if v is not None}
    if overrides:
        size = Size(**{**size.__dict__, **overrides})
    args.out_dir.mkdir(parents=True, exist_ok=True)
    command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    if args.statements:
        os.environ["PACTE_PG_EXTRA_OPTIONS"] = ("-c shared_preload_libraries=pg_stat_statements "
                                                "-c pg_stat_statements.track=all")
    only = frozenset(p.strip() for p in args.only.split(",")) if args.only else None
    bench = Bench(size=size, broker=args.broker, profile=args.profile, out_dir=args.out_dir,
                  replicas=args.replicas, only=only, statements=args.statements)
    _run_loop(bench.run)
    seconds = time.perf_counter() - t0
    text = render(bench, command, started, seconds)
    from bench.pact_report import carried_over

    args.out.write_text(carried_over(text, args.out))
    (args.out_dir / (args.out.stem + ".json")).write_text(json.dumps(
        {"results": bench.results, "loads": bench.loads, "memory_kib": bench.memory.peaks, "size": size.__dict__,
         "machine": machine(), "command": command, "started": started.isoformat()}, indent=2, default=str))
    print(text)
    log(f"written {args.out} in {seconds:.0f}s")


def _run_loop(run: Callable[[], Awaitable[None]]) -> None:
    try:
        import uvloop

        uvloop.run(run())
    except ImportError:  # pragma: no cover
        asyncio.run(run())
