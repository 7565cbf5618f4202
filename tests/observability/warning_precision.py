"""The early dropout warning's precision measured on a generated programme over a running stack (issue 22).

    .venv/bin/python tests/observability/warning_precision.py --seed 7 --lots 30 --months 9

Starts its own stack on free ports (as `pacte scenario run`), plays the programme through the HTTP APIs,
then reads what the buyer sees (attendance's `GET /back-office/warnings`: counts per lot and organisation)
and attendance's `pacte_dropout_*` counters on its /metrics, and prints both: raised, cleared, warned
trainees who left their session, of whom dropped out (the precision), per lot and overall. Also the share
of the long sessions' exits that were dropouts, to compare the precision with (what a warning that knew
nothing would score), and how many of their dropouts had been warned before (the warning's recall).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from datetime import date
from typing import Any

import httpx

from pacte_cli.quiet import close_probes
from pacte_cli.scenario.generator import generate
from pacte_cli.scenario.pathways import PathwayFigures, read_figures
from pacte_cli.scenario.player import Player
from pacte_cli.stack import Stack

#: Sessions of at least these hours (planned days × hours per day) are watched (DOMAIN: early warning).
WATCHED_HOURS = 300


def long_session_exits(commands: list[dict[str, Any]]) -> Counter[str]:
    """Exits (completed, dropped_out) of the sessions of 300 hours and more, from the programme itself."""
    hours = {c["session_id"]: len(c["planned_days"]) * c["hours_per_day"] for c in commands
             if c["cmd"] == "session.schedule"}
    exits: dict[tuple[str, str], str] = {}
    for c in commands:
        if c["cmd"] in ("trainee.complete", "trainee.dropout") and hours.get(c["session_id"], 0) >= WATCHED_HOURS:
            exits[(c["session_id"], c["trainee_id"])] = c["cmd"].removeprefix("trainee.")
    return Counter(exits.values())


async def play_and_read(state: Any, commands: list[dict[str, Any]]) -> tuple[PathwayFigures, dict[str, float]]:
    async with httpx.AsyncClient(timeout=60) as client:
        try:
            player = Player.on_stack(state, client)
            result = await player.play(json.dumps(command) for command in commands)
            print(f"{result.commands} commands played in {result.seconds:.1f}s, {len(result.rejections)} refused",
                  file=sys.stderr)
            figures = await read_figures(client, {name: state.url(name) for name in state.services},
                                         state.auth_secret)
            metrics = (await client.get(state.url("attendance") + "/metrics",
                                        headers=state.operations_headers())).text
        finally:
            await close_probes()
    counters = {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines()
                if line.startswith("pacte_dropout_") and "_total{" in line}
    return figures, counters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lots", type=int, default=30)
    parser.add_argument("--sessions-per-lot", type=int, default=2)
    parser.add_argument("--months", type=int, default=9)
    args = parser.parse_args(argv)
    commands = list(generate(seed=args.seed, lots=args.lots, sessions_per_lot=args.sessions_per_lot,
                             months=args.months, faults=0, start=date(2019, 9, 1)))
    stack = Stack(ephemeral=True, log=lambda _: None)
    try:
        figures, counters = asyncio.run(play_and_read(stack.up(), commands))
    finally:
        stack.down()
    w = figures.warnings
    exits = long_session_exits(commands)
    print(f"programme seed {args.seed}, {args.lots} lots, {args.sessions_per_lot} sessions per lot, "
          f"{args.months} months ({len(commands)} commands)")
    print(f"warnings (buyer's counts): open {w.open}, raised {w.raised}, cleared {w.cleared}, warned trainees "
          f"{w.warned_trainees}, of whom left {w.warned_exited}, of whom dropped out {w.warned_dropped_out}: "
          f"precision {w.precision}")
    print(f"long sessions' exits: {dict(exits)}; dropout share {exits['dropout'] / max(1, sum(exits.values())):.4f};"
          f" recall {w.warned_dropped_out}/{exits['dropout']} dropouts had been warned")
    for lot, counts in figures.warnings_by_lot.items():
        print(f"  {lot}: raised {counts.raised}, cleared {counts.cleared}, left {counts.warned_exited}, "
              f"dropped out {counts.warned_dropped_out}, precision {counts.precision}")
    print("attendance's counters:")
    for name, value in sorted(counters.items()):
        print(f"  {name} {value:g}")
    print(f"pathways (programme): {figures.programme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
