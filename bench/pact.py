"""`make bench-pact`: the regional pact's four years (2019-2022) played through the services' APIs on one machine.

`python -m bench.pact --scale 1.0` generates the pact with the scenario generator (streamed: nothing
is held but the sessions running), starts a stack on free ports (the same as `make bench`: embedded
PostgreSQL, Apache Kafka, each service a real process), and plays it: procurement set up through
procurement's API, every organisation declaration through attendance's `POST /v1/batch` (bench/
pact_player.py), each of the 48 months closed through billing's API once its facts are in. It
measures the ingest rate, every closing, the indicators' and invoices' API answers at that size
(many requests per endpoint), a rebuild of every read model from the topics (the answers before
and after compared), the disk used, and the peak RSS of every service process (sampled every 0.2 s
through the run); with `--profile`, py-spy stacks of the slowest closing, the ingest and the rebuild.
The figures go into BENCHMARKS.md's "Full pact" section (the other sections untouched) and a JSON twin.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import math
import os
import random
import shlex
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx

from bench import pact_report
from bench.pact_player import StreamingPlayer
from bench.run import REPO, SMOKE, Bench, _connect, _run_loop, _stop_profiler, log
from pacte_cli.scenario.generator import PactSize, pact

SERVICES = ("procurement", "attendance", "billing", "improvement", "indicators", "opendata")
#: The read models: what the rebuild drops and replays (procurement and attendance are written by commands).
READ_MODELS = ("billing", "indicators", "improvement", "opendata")


class PactBench:
    def __init__(self, scale: float, seed: int, out_dir: Path, profile: bool, samples: int, months: int = 48
                 ) -> None:
        self.size = PactSize(scale, months=months)
        self.seed = seed
        self.profile = profile
        self.samples = samples
        self.out_dir = out_dir
        # `make bench`'s machinery: the stack, the memory sampler, draining, the rebuild's rewind.
        self.bench = Bench(size=SMOKE, broker="apache", profile=profile, out_dir=out_dir, replicas=1,
                           only=frozenset())
        self.results: dict[str, Any] = {"scale": scale, "seed": seed, "lots": self.size.lots, "months": months}
        self.closing_profiles: dict[str, float] = {}
        #: Called with the phase just ended: a run stopped before its end keeps what it measured.
        self.checkpoint: Callable[[str], None] = lambda phase: None

    @property
    def state(self) -> Any:
        return self.bench.state

    async def run(self) -> None:
        bench = self.bench
        bench.memory.start()
        try:
            bench.phase("infra")
            await asyncio.to_thread(bench.stack.start_infra)
            bench.phase("services")
            bench.start(*SERVICES)
            await self.play()
            self.checkpoint("play")
            self.results["disk"] = await self.disk()
            bench.phase("api")
            before = await self.answers()
            self.results["api"] = await self.api()
            self.checkpoint("api")
            await self.rebuild()
            self.results["rebuild"]["identical_answers"] = before == await self.answers()
            self.checkpoint("rebuild")
            bench.phase("done")
        finally:
            bench.memory.stop()
            with contextlib.suppress(Exception):
                await bench.client.aclose()
            await asyncio.to_thread(bench.stack.down)

    # the programme --------------------------------------------------------------------------------

    async def play(self) -> None:
        urls = {name: str(self.state.url(name)) for name in SERVICES}
        async with httpx.AsyncClient(timeout=600) as client:
            player = StreamingPlayer.on_stack(self.state, client, urls=urls, retry_for=3600,
                                              around_closing=self.closing)
            self.bench.phase("play")
            t0 = time.perf_counter()
            await player.play_stream(self._commands())
            seconds = time.perf_counter() - t0
        months = [asdict(m) for m in player.months]
        declarations = sum(m["declarations"] for m in months)
        ingest_s = sum(m["ingest_s"] for m in months)
        self.results["play"] = {
            "commands": player.result.commands, "accepted": player.result.accepted,
            "refused": len(player.result.rejections), "seconds": seconds, "declarations": declarations,
            "ingest_s": ingest_s, "ingest_per_s": declarations / max(ingest_s, 1e-9),
            "quiet_s": player.result.quiet_seconds, "months": months,
            "refusals": _count(r["reason"] for r in player.result.rejections)}
        log(f"played {player.result.commands:,} commands in {seconds:.0f}s; {declarations:,} declarations at "
            f"{declarations / max(ingest_s, 1e-9):,.0f}/s")

    def _commands(self) -> Any:
        """The pact's commands, counted by kind on the way (attendance facts are what the pact is sized by)."""
        kinds: dict[str, int] = {}
        self.results["commands"] = kinds
        for command in pact(self.size.scale, seed=self.seed, months=self.size.months):
            kinds[command["cmd"]] = kinds.get(command["cmd"], 0) + 1
            if command["cmd"] == "period.close" and command["period"].endswith("-01"):
                self.bench.phase(f"play {command['period'][:4]}")
            yield command

    async def closing(self, period: str, send: Callable[[], Awaitable[None]]) -> None:
        profilers = [self._profile(s, f"closing-{period}") for s in ("billing", "indicators", "improvement")
                     ] if self.profile else []
        t0 = time.perf_counter()
        try:
            await send()
            seconds = time.perf_counter() - t0
        finally:
            for profiler in profilers:
                _stop_profiler(profiler)
        invoices = await self._fetchval("SELECT count(*) FROM billing.invoices WHERE period = $1", period)
        log(f"closing {period}: {invoices} invoices in {seconds:.2f}s (load {os.getloadavg()[0]:.2f})")
        self.results.setdefault("invoices", {})[period] = invoices
        self.results.setdefault("closing_s", {})[period] = seconds
        self.closing_profiles[period] = seconds
        self.checkpoint(f"closing {period}")

    def _profile(self, service: str, what: str) -> subprocess.Popen[bytes]:
        pid = int(self.state.services[service]["pid"])
        out = self.out_dir / f"profile-pact-{what}-{service}.txt"
        return subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid),
                                 "--format", "raw", "--rate", "50", "--nonblocking", "--output", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    async def _fetchval(self, sql: str, *args: Any) -> Any:
        async with _connect(self.state.database_url) as conn:
            return await conn.fetchval(sql, *args)

    # sizes ----------------------------------------------------------------------------------------

    async def disk(self) -> dict[str, Any]:
        """Bytes on disk once everything is in: PostgreSQL's data directory (WAL apart) and the broker's logs."""
        async with _connect(self.state.database_url) as conn:
            await conn.execute("CHECKPOINT")
            schemas = {r["schema"]: int(r["bytes"]) for r in await conn.fetch(
                """SELECT n.nspname AS schema, sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
                   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm')
                   AND n.nspname = ANY($1::text[]) GROUP BY 1""", list(SERVICES))}
        stack = self.bench.stack
        pg = stack._pg.data_dir if stack._pg is not None else None
        broker = stack._broker.data_dir if stack._broker is not None else None
        facts = int(await self._fetchval("SELECT count(*) FROM attendance.attendance_records"))
        return {"postgres": _du(pg), "postgres_wal": _du(pg / "pg_wal") if pg else 0, "kafka": _du(broker),
                "schemas": schemas, "facts_stored": facts}

    # the read side --------------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        from pacte_platform.auth import issue_token

        token = issue_token(self.state.auth_secret, "bench", ["buyer", "finance", "steering"])
        return {"Authorization": f"Bearer {token}"}

    async def answers(self) -> str:
        """A digest of what the read models answer (every scope's indicators, every invoice version)."""
        headers = self._headers()
        digest = hashlib.sha256()
        async with httpx.AsyncClient(timeout=600, headers=headers) as client:
            for url in (self.bench.url("indicators") + "/indicators", self.bench.url("billing") + "/invoices"):
                answer = await client.get(url)
                answer.raise_for_status()
                digest.update(json.dumps(answer.json(), sort_keys=True).encode())
        return digest.hexdigest()

    async def api(self) -> dict[str, Any]:
        """Many requests per endpoint, one at a time, on scopes drawn at random among the existing ones."""
        rng = random.Random(self.seed)
        async with _connect(self.state.database_url) as conn:
            orders = [r[0] for r in await conn.fetch("SELECT DISTINCT order_id FROM billing.invoices")]
            periods = sorted({r[0] for r in await conn.fetch("SELECT DISTINCT period FROM billing.invoices")})
        indicators, billing = self.bench.url("indicators"), self.bench.url("billing")
        async with httpx.AsyncClient(timeout=600, headers=self._headers()) as client:
            scopes = list((await client.get(indicators + "/indicators")).json())
            organisations = [s.split(":", 1)[1] for s in scopes if s.startswith("organisation:")]
            n, n_all = self.samples, max(10, self.samples // 10)
            endpoints: list[tuple[str, str, int, Callable[[], str]]] = [
                ("indicators: one scope (`GET /indicators/{scope}`)", "one", n,
                 lambda: f"{indicators}/indicators/{rng.choice(scopes)}"),
                ("indicators: every scope (`GET /indicators`)", "all", n_all, lambda: f"{indicators}/indicators"),
                ("invoices: one order (`GET /back-office/invoices?order_id=`)", "one", n,
                 lambda: f"{billing}/back-office/invoices?order_id={rng.choice(orders)}"),
                ("invoices: one period, first page (`GET /back-office/invoices?period=`)", "one", n,
                 lambda: f"{billing}/back-office/invoices?period={rng.choice(periods)}"),
                ("invoices: every version (`GET /invoices`)", "all", n_all, lambda: f"{billing}/invoices"),
            ]
            if organisations:
                endpoints.insert(3, ("invoices: one organisation (`GET /back-office/invoices?organisation_id=`)",
                                     "one", n, lambda: f"{billing}/back-office/invoices?organisation_id="
                                                       f"{rng.choice(organisations)}"))
            results = {}
            profilers = [self._profile(s, "api") for s in ("indicators", "billing")] if self.profile else []
            try:
                for name, kind, count, url in endpoints:
                    results[name] = await _sample(client, url, count) | {"kind": kind}
                    log(f"{name}: p50 {results[name]['p50_ms']:.1f} ms, p99 {results[name]['p99_ms']:.1f} ms")
            finally:
                for profiler in profilers:
                    _stop_profiler(profiler)
        return {"endpoints": results, "scopes": len(scopes), "orders": len(orders), "periods": len(periods)}

    # the rebuild ----------------------------------------------------------------------------------

    async def rebuild(self) -> None:
        """`make bench`'s rebuild, every read model at once: schemas dropped, groups rewound, replayed."""
        bench = self.bench
        bench.phase("rebuild")
        profilers: list[subprocess.Popen[bytes]] = []
        groups = await bench.groups(*READ_MODELS)
        bench.stop(*READ_MODELS)
        async with _connect(self.state.database_url) as conn:
            for schema in READ_MODELS:
                await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        from bench.run import _rewind

        await _rewind(self.state.bootstrap, groups, **self.state.kafka_options())
        try:
            result = await bench._launch_and_drain(READ_MODELS, groups, also=lambda: profilers.extend(
                self._profile(s, "rebuild") for s in ("billing", "indicators")) if self.profile else None)
        finally:
            for profiler in profilers:
                _stop_profiler(profiler)
        await asyncio.to_thread(bench.stack.wait_healthy, 180)
        self.results["rebuild"] = result
        log(f"rebuild: {result['events']:,} events in {result['seconds_with_start']:.0f}s")


async def _sample(client: httpx.AsyncClient, url: Callable[[], str], count: int) -> dict[str, Any]:
    timings: list[float] = []
    sizes: list[int] = []
    for _ in range(count):
        t0 = time.perf_counter()
        answer = await client.get(url())
        timings.append((time.perf_counter() - t0) * 1000)
        answer.raise_for_status()
        sizes.append(len(answer.content))
    ordered = sorted(timings)

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]

    return {"requests": count, "p50_ms": pct(0.5), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": ordered[-1],
            "mean_bytes": sum(sizes) / len(sizes)}


def _du(path: Path | None) -> int:
    if path is None or not path.exists():
        return 0
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
    return total


def _count(items: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def rerender(path: Path, out: Path) -> None:
    """The section of a past run, from its JSON twin (its profiles are read beside it)."""
    saved = json.loads(path.read_text())
    memory = SimpleNamespace(peaks=saved["memory_kib"])
    run = SimpleNamespace(results=saved["results"], profile="--profile" in saved["command"], out_dir=path.parent,
                          bench=SimpleNamespace(loads=saved["loads"], memory=memory))
    started = datetime.fromisoformat(saved["started"])
    pact_report.write_section(out, pact_report.render(run, saved["command"], started, saved["seconds"]))
    log(f"written the 'Full pact' section of {out} from {path}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pact", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the pact (1.0: the whole pact)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=300, help="requests per one-scope endpoint (a tenth for "
                        "every-scope ones, at least 10)")
    parser.add_argument("--months", type=int, default=48, help="the pact's first months only (a smoke test)")
    parser.add_argument("--profile", action="store_true", help="py-spy the closings and the rebuild")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md",
                        help="the Markdown file whose 'Full pact' section is (re)written")
    parser.add_argument("--out-dir", type=Path, default=REPO / "var" / "bench")
    parser.add_argument("--render", type=Path, metavar="PACT_JSON",
                        help="run nothing: write the section again from a run's pact.json (e.g. after editing "
                             "bench/pact_analysis.md)")
    args = parser.parse_args(argv)
    if args.render:
        rerender(args.render, args.out)
        return
    args.out_dir.mkdir(parents=True, exist_ok=True)
    command = "python -m bench.pact " + shlex.join(argv if argv is not None else sys.argv[1:])
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    run = PactBench(args.scale, args.seed, args.out_dir, args.profile, args.samples, args.months)

    def save(phase: str) -> None:
        # The memory sampler's thread adds to its peaks meanwhile: a copy is written.
        peaks = {name: dict(by_service) for name, by_service in list(run.bench.memory.peaks.items())}
        (args.out_dir / "pact.json").write_text(json.dumps(
            {"results": run.results, "loads": dict(run.bench.loads), "memory_kib": peaks, "command": command,
             "started": started.isoformat(), "seconds": time.perf_counter() - t0, "last_phase": phase},
            indent=2, default=str))

    run.checkpoint = save
    _run_loop(run.run)
    seconds = time.perf_counter() - t0
    section = pact_report.render(run, command, started, seconds)
    pact_report.write_section(args.out, section)
    save("done")
    print(section)
    log(f"written the 'Full pact' section of {args.out} in {seconds:.0f}s")


if __name__ == "__main__":
    main()
