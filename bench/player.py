"""`make bench-player`: one scenario played on a fresh stack, and where its time goes.

What BENCHMARKS.md's "Scenario player" section is measured with. It plays FILE as `pacte scenario run`
does (the project's player, on a stack of its own on free ports) and prints: the rate; the player's
waits by kind (`pacte_cli.scenario.timings`: quiet points, closings, barriers, lanes); the CPU seconds
each of the stack's processes used during the play (PostgreSQL with its backends, the broker, each
service, the player itself) and how busy the machine was meanwhile (the play is CPU-bound on two shared
cores: read the rate with the load); and each closing's stages from billing's own timestamps (request,
cut aligned, milestones evaluated, closed). With `--expected` the report is compared as well.

    make bench-player SCENARIO=../shared/scenarios/medium.jsonl REPEAT=3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.run import stack_cpu
from pacte_cli.quiet import close_probes
from pacte_cli.scenario.player import Player, PlayResult, read_lines
from pacte_cli.scenario.report import build_report, compare
from pacte_cli.stack import Stack
from pacte_cli.stack_state import StackState

CLOSING_STAGES = """SELECT period, started_at, cut_aligned_at, evaluated_at, closed_at
                    FROM billing.closings ORDER BY started_at"""


def busy_ticks() -> tuple[int, int]:
    """The machine's (all, idle) CPU ticks so far (`/proc/stat`)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]


def player_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def play(state: StackState, path: Path) -> PlayResult:
    async with httpx.AsyncClient(timeout=60) as client:
        try:
            return await Player.on_stack(state, client).play(read_lines(path))
        finally:
            await close_probes()


async def differences(state: StackState, result: PlayResult, expected: dict[str, Any]) -> list[str]:
    urls = {name: state.url(name) for name in state.services}
    async with httpx.AsyncClient(timeout=120) as client:
        report = await build_report(client, urls, state.auth_secret, result.rejections)
    return compare(expected, report)


async def closing_stages(database_url: str) -> list[str]:
    """Each closing's stages in milliseconds from its request (None: not reached)."""
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(CLOSING_STAGES)
    finally:
        await conn.close()

    def ms(row: Any, column: str) -> str:
        at = row[column]
        return "-" if at is None else f"{(at - row['started_at']).total_seconds() * 1000:.0f}"

    return [f"| {row['period']} | {ms(row, 'cut_aligned_at')} | {ms(row, 'evaluated_at')} | {ms(row, 'closed_at')} |"
            for row in rows]


def measure(path: Path, expected: Path | None) -> list[str]:
    stack = Stack(ephemeral=True, broker="auto", tied=True, log=lambda _: None)
    try:
        state = stack.up()
        pids = {name: int(service["pid"]) for name, service in state.services.items()}
        load = os.getloadavg()[0]
        cpu0, machine0, me0 = stack_cpu(stack, pids), busy_ticks(), player_cpu()
        result = asyncio.run(play(state, path))
        cpu1, machine1, me1 = stack_cpu(stack, pids), busy_ticks(), player_cpu()
        stages = asyncio.run(closing_stages(state.database_url))
        found = (asyncio.run(differences(state, result, json.loads(expected.read_text())))
                 if expected is not None else [])
    finally:
        stack.down()
    cpu = {name: cpu1[name] - cpu0.get(name, 0.0) for name in cpu1} | {"the player": me1 - me0}
    all_ticks, idle = machine1[0] - machine0[0], machine1[1] - machine0[1]
    lines = [f"{path.name}: {result.commands} commands played in {result.seconds:.2f} s "
             f"({result.commands / result.seconds:.0f}/s), load {load:.1f} before, "
             f"machine {100 * (all_ticks - idle) / max(all_ticks, 1):.0f} % busy meanwhile",
             f"waits: {result.timings.summary(result.seconds)}",
             f"CPU seconds during the play: {sum(cpu.values()):.1f} in all; "
             + ", ".join(f"{name} {seconds:.2f}" for name, seconds in sorted(cpu.items(), key=lambda kv: -kv[1])),
             "", "| closing | cut aligned (ms) | evaluated (ms) | closed (ms) |", "|---|---:|---:|---:|", *stages]
    if expected is not None:
        lines.append(f"\nreport: {len(found)} differences with {expected}" + "".join(f"\n  {d}" for d in found[:20]))
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("file", type=Path, help="the scenario (JSON lines)")
    parser.add_argument("--expected", type=Path, help="compare the report with this one")
    parser.add_argument("--repeat", type=int, default=1, help="plays, each on a fresh stack")
    args = parser.parse_args(argv)
    for _ in range(args.repeat):
        print("\n".join(measure(args.file, args.expected)), flush=True)


if __name__ == "__main__":
    main()
