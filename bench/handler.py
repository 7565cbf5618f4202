"""Billing's facts consumer in isolation: where a batch's time goes, without Kafka or other services.

`make bench-handler` (or `python -m bench.handler --orders 200`) builds the benchmark programme's
records in memory, feeds them to the very `BatchConsumer` billing runs (envelope decoding, event-type
filter, inbox, ledger, running accrual, outbox) in batches of the services' size over a real embedded
PostgreSQL, and reports per event the CPU of this process, the CPU of its PostgreSQL backend and, with
`--statements`, the statements' share. The figures are steadier than the full bench's (one process,
one connection, nothing else running) and are what bench/analysis.md uses to say what bounds billing.

`--members 2` runs two group members in this one process, as billing does (CONSUMER_INSTANCES): the
facts are split by session (their message key) as partitions would be, each member feeds its own
batches over its own connection, and the report says where each member's time goes: its own Python,
its wait for PostgreSQL, and its wait for the event loop while the other member runs Python.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import itertools
import os
import pstats
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from aiokafka import ConsumerRecord

from bench import dataset
from pacte_billing.service_layer.facts import FACT_EVENTS, MIRRORED_FACTS, on_billable_facts
from pacte_platform import db
from pacte_platform.consumer import BatchConsumer, event_type_names
from pacte_platform.infra.net import free_port
from pacte_platform.infra.postgres import EmbeddedPostgres
from pacte_platform.migrations import ensure_platform_tables, migrate
from pacte_platform.mirrors import MirrorDecoder
from pacte_platform.settings import PlatformSettings

REPO = Path(__file__).resolve().parents[1]
#: The services' batch size (CONSUMER_MAX_RECORDS), so the per-batch work weighs what it weighs there.
BATCH = PlatformSettings().consumer_max_records


def _records(messages: Any) -> list[ConsumerRecord[bytes, bytes]]:
    return [ConsumerRecord(topic=topic, partition=0, offset=n, timestamp=0, timestamp_type=0, key=key, value=value,
                           checksum=None, serialized_key_size=len(key), serialized_value_size=len(value),
                           headers=headers)
            for n, (topic, key, value, headers) in enumerate(messages)]


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(orders: int, *, statements: bool, profile: bool, members: int = 1) -> dict[str, float]:
    if statements:
        os.environ["PACTE_PG_EXTRA_OPTIONS"] = ("-c shared_preload_libraries=pg_stat_statements "
                                                "-c pg_stat_statements.track=all")
    with tempfile.TemporaryDirectory(prefix="pacte-bench-handler-") as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg", free_port())
        pg.start()
        try:
            return await _measure(pg.url, orders, statements=statements, profile=profile, members=members)
        finally:
            pg.destroy()


@dataclass
class _Member:
    """One member's batches, and the wall-clock intervals in which its own Python ran."""

    records: list[ConsumerRecord[bytes, bytes]]
    steps: list[tuple[float, float]] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0  # the thread's CPU during the steps (below their wall time when the OS ran others)


class _Yield:
    def __init__(self, future: Any) -> None:
        self.future = future

    def __await__(self) -> Any:
        return (yield self.future)


async def _traced(member: _Member, coro: Any) -> None:
    """Drives `coro` one step at a time, noting when each step (the member's own Python between two
    awaits) ran. asyncio runs one step at a time in the process, so the steps of the members never
    overlap, and the time a member spends outside its steps is spent waiting: for PostgreSQL, or for
    the loop to finish the other member's step."""
    value: Any = None
    while True:
        started, cpu = time.perf_counter(), time.thread_time()
        finished = False
        try:
            future = coro.send(value)
        except StopIteration:
            finished = True
        member.steps.append((started, time.perf_counter()))
        member.cpu += time.thread_time() - cpu
        if finished:
            return
        value = await _Yield(future)


def _overlap(spans: list[tuple[float, float]], others: list[tuple[float, float]]) -> float:
    """Total time of `others` (sorted, disjoint) inside the gaps between `spans` (sorted, disjoint)."""
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(spans)]
    total, k = 0.0, 0
    for lo, hi in gaps:
        while k < len(others) and others[k][1] <= lo:
            k += 1
        j = k
        while j < len(others) and others[j][0] < hi:
            total += max(0.0, min(hi, others[j][1]) - max(lo, others[j][0]))
            j += 1
    return total


def _report_members(members: list[_Member]) -> None:
    """Per member: its own Python, its waits while another member's Python ran (the loop was busy:
    an answer from PostgreSQL, if it came then, waited for it), and its waits while no Python ran
    (PostgreSQL, nothing else)."""
    for m, member in enumerate(members, 1):
        own = sum(b - a for a, b in member.steps)
        others = sorted(span for other in members if other is not member for span in other.steps)
        behind = _overlap(member.steps, others)
        idle = member.wall - own - behind
        print(f"  member {m} of {len(members)}: {len(member.records):,} facts in {member.wall:.1f} s: "
              f"{own / member.wall:.0%} its own Python ({member.cpu / member.wall:.0%} on a core, the rest "
              f"descheduled by the OS), {behind / member.wall:.0%} waiting while another member's Python ran, "
              f"{idle / member.wall:.0%} waiting while no Python ran (PostgreSQL only)")


async def _run_members(consumer: BatchConsumer, members: list[_Member]) -> None:
    async def run(member: _Member) -> None:
        for k in range(0, len(member.records), BATCH):
            await consumer.process(member.records[k:k + BATCH])

    async def one(member: _Member) -> None:
        started = time.perf_counter()
        await _traced(member, run(member).__await__())
        member.wall = time.perf_counter() - started

    await asyncio.gather(*(one(m) for m in members))


async def _measure(url: str, orders: int, *, statements: bool, profile: bool, members: int = 1
                   ) -> dict[str, float]:
    conn = await asyncpg.connect(url)
    try:
        await ensure_platform_tables(conn, "billing")
        await migrate(conn, "billing", REPO / "services" / "billing" / "migrations")
        if statements:
            await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public")
    finally:
        await conn.close()
    pool = await db.create_pool(url, "billing", min_size=members, max_size=members)
    try:
        programme = dataset.Programme(orders=orders, trainees=12, days=84)
        setup = _records([*dataset.setup_messages(programme), *dataset.enrolment_messages(programme)])
        facts = _records(dataset.fact_messages(programme))
        consumer = BatchConsumer(name="billing-facts", topics=[], handler=on_billable_facts, service="billing",
                                 pool=pool, event_types=event_type_names(FACT_EVENTS),
                                 mirrors=MirrorDecoder(MIRRORED_FACTS))
        for k in range(0, len(setup), BATCH):
            await consumer.process(setup[k:k + BATCH])
        async with pool.acquire() as c:
            if statements:
                await c.execute("SELECT public.pg_stat_statements_reset()")
        backends = [int(r[0]) for r in await pool.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'")]
        # Split by message key (the session), as the topic's partitions split them between members.
        shares = [_Member([f for f in facts if zlib.crc32(f.key) % members == m]) for m in range(members)]
        # As the services do after start-up (pacte_platform.runtime).
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)
        profiler = cProfile.Profile() if profile else None
        wall0, py0, pg0 = time.perf_counter(), time.process_time(), sum(map(_cpu_s, backends))
        if profiler:
            profiler.enable()
        if members == 1:  # untraced: the figures this file has always given
            for k in range(0, len(facts), BATCH):
                await consumer.process(facts[k:k + BATCH])
        else:
            await _run_members(consumer, shares)
        if profiler:
            profiler.disable()
        wall, py, pg = time.perf_counter() - wall0, time.process_time() - py0, sum(map(_cpu_s, backends)) - pg0
        n = len(facts)
        result = {"events": n, "events_per_s": n / wall, "wall_us": wall / n * 1e6, "python_us": py / n * 1e6,
                  "postgres_us": pg / n * 1e6}
        print(f"{n:,} attendance facts in batches of {BATCH:,}: {n / wall:,.0f}/s; per event: "
              f"wall {wall / n * 1e6:.1f} µs, this process {py / n * 1e6:.1f} µs CPU, "
              f"its PostgreSQL backend{'s' if members > 1 else ''} {pg / n * 1e6:.1f} µs CPU")
        if members > 1:
            _report_members(shares)
        if statements:
            async with pool.acquire() as c:
                rows = await c.fetch(
                    """SELECT calls, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
                       FROM public.pg_stat_statements ORDER BY total_exec_time DESC LIMIT 10""")
            print("statements (elapsed time per event; a COPY's includes the client streaming its rows):")
            for r in rows:
                print(f"  {r['total_exec_time'] * 1000 / n:7.2f} µs {r['calls']:>6} calls  {r['query']}")
        if profiler:
            print("Python (cProfile, which slows the process down; read the shares, not the times):")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return result
    finally:
        await pool.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.handler", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=200, help="orders of 12 trainees over 84 days")
    parser.add_argument("--statements", action="store_true", help="pg_stat_statements' top statements")
    parser.add_argument("--profile", action="store_true", help="cProfile of this process")
    parser.add_argument("--members", type=int, default=1, help="group members side by side in this process")
    args = parser.parse_args(argv)
    try:
        import uvloop

        uvloop.run(measure(args.orders, statements=args.statements, profile=args.profile, members=args.members))
    except ImportError:  # pragma: no cover
        asyncio.run(measure(args.orders, statements=args.statements, profile=args.profile, members=args.members))


if __name__ == "__main__":
    main()
