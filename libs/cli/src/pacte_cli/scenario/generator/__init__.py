"""Deterministic generator of realistic scenarios (../shared/spec/SCENARIO.md).

`generate(seed, lots, sessions_per_lot, months)` yields the commands of a whole programme in file
order: three tenders (axes qualifying / essentials / transverse), lots spread over the region's
12 departments and 14 domains (`programme`, `axes`), one order per awarded lot, sessions scheduled
month by month by the back-office (`back_office`), then what the training organisations declare
day after day (`declarations`, `trainees`: enrolments, open days, trainer hours, attendance,
suspensions, dropouts with the region's reasons, completions, satisfaction, late corrections),
monthly closings with approvals and payments, 6- and 12-month outcomes after a `clock.advance`
(`month_end`, `outcomes`), improvement plans and their manual milestones (`plans`), and a share of
deliberate bad inputs (`faults`). `stream` puts them in file order.

Determinism: one `random.Random(seed)` drives everything (child generators are seeded from it in
a fixed order); nothing depends on the wall clock or on set iteration order. A test pins the digest
of generated programmes: a refactoring must not change a single byte.

Streaming: the lots and the skeleton of each session (dates, hours, capacity) are built first,
because the tenders' budgets and the orders' amounts need them; every trainee-level command is
then produced lazily, session by session and day by day, so memory holds only the sessions
running this month, the outcomes still to observe and the activity of the last two periods.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pacte_cli.scenario.generator.shape import PACT, SHORT, PactSize, Shape
from pacte_cli.scenario.generator.stream import programme_commands

__all__ = ["PACT", "SHORT", "PactSize", "Shape", "generate", "pact", "write_jsonl"]


def generate(
    seed: int,
    lots: int,
    sessions_per_lot: int,
    months: int,
    faults: float = 0.02,
    start: date = date(2019, 9, 1),
    shape: Shape = SHORT,
) -> Iterator[dict[str, Any]]:
    """Yields a realistic programme's commands in file order (SCENARIO.md), deterministically.

    `faults` is the share of organisation commands followed (or preceded) by a refused variant
    (wrong credentials, unknown session, out-of-range value, day not planned...); with `faults`
    > 0 the back-office also sends a few refused commands (an order over budget, an order on an
    unsuccessful lot, a session over the lot's capacity, an approval of an unknown invoice).
    With `faults=0` every command is accepted by a correct system. `shape` gives the ranges sessions
    are drawn from (`SHORT` by default, `PACT` for the regional pact's long courses).
    """
    if lots < 1 or sessions_per_lot < 0 or months < 1:
        raise ValueError("lots and months must be at least 1, sessions_per_lot at least 0")
    if not 0.0 <= faults <= 1.0:
        raise ValueError("faults is a share between 0 and 1")
    return programme_commands(seed, lots, sessions_per_lot, months, faults, start, shape)


def pact(scale: float = 1.0, seed: int = 1, faults: float = 0.02, months: int = 48) -> Iterator[dict[str, Any]]:
    """The regional pact's four years (2019-2022) at `scale`: 1.0 is about 1,000 lots, 9,000 sessions,
    110,000 trainees and 12 million attendance facts; 0.01 a hundredth of the lots (`months` shortens
    it, for smoke tests). Streamed like any programme: memory follows the sessions running at a time,
    not the programme's length."""
    if not 0 < scale <= 10:
        raise ValueError("scale must be above 0 (1.0: the whole pact)")
    size = PactSize(scale, months=months)
    return generate(seed=seed, lots=size.lots, sessions_per_lot=size.sessions_per_lot, months=size.months,
                    faults=faults, start=size.start, shape=PACT)


def write_jsonl(path: str | Path, commands: Iterable[dict[str, Any]]) -> int:
    """Writes one JSON object per line (UTF-8, as the example scenarios); returns the count."""
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    with Path(path).open("w", encoding="utf-8") as out:
        for command in commands:
            out.write(dumps(command))
            out.write("\n")
            count += 1
    return count
