"""The scenario player, streaming and in large concurrent batches: what `make bench-pact` plays the pact with.

`Player` (pacte_cli) reads a whole file before playing it and sends each organisation's run of
declarations as it comes; a four-year pact is 13 million lines. This player takes the generator's
commands as they are produced and holds at most `hold` declarations: it sends them when that many
are waiting or when a command that is not a declaration comes, grouped by organisation, each
organisation's in file order in `/v1/batch` requests of `batch` records, several organisations at a
time. The answers are the ones file order would give: a declaration's acceptance depends only on
its session's earlier commands (SCENARIO.md's rules are per session and trainee), and every
session belongs to one organisation, whose lines keep their order.

Runs of back-office commands that concern different things go the same way: `outcome.record`
(one per trainee and delay), `invoice.approve` / `invoice.pay` (per order and period),
`session.schedule` / `session.cancel` (per session), `milestone.validate` / `milestone.waive` (per
milestone) are sent `concurrency` at a time, those about one thing in file order: none of them is
decided on another thing's state. Everything else (procurement's set-up, plans, closings) goes one
at a time.

Each `period.close` is requested once the system is quiet (the month's facts are in), and timed
from the request until billing says the closing is complete.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pacte_cli.quiet import close_probes
from pacte_cli.scenario.player import Player, _fields
from pacte_cli.scenario.routes import BACK_OFFICE, ORGANISATION, batchable

Line = tuple[int, dict[str, Any]]

#: Back-office commands decided on one thing's state alone, and the fields naming that thing.
INDEPENDENT: dict[str, tuple[str, ...]] = {
    "outcome.record": ("session_id", "trainee_id"),
    "invoice.approve": ("order_id", "period"),
    "invoice.pay": ("order_id", "period"),
    "session.schedule": ("session_id",),
    "session.cancel": ("session_id",),
    "milestone.validate": ("milestone_id",),
    "milestone.waive": ("milestone_id",),
}


@dataclass
class Month:
    period: str
    declarations: int = 0
    #: Seconds spent sending declarations (HTTP, from the first batch's request to the last's answer).
    ingest_s: float = 0.0
    back_office_commands: int = 0
    back_office_s: float = 0.0
    #: Waiting for every consumer to catch up before the closing.
    catch_up_s: float = 0.0
    closing_s: float = 0.0
    load: float = 0.0


@dataclass
class StreamingPlayer(Player):
    batch: int = 5000
    hold: int = 100_000
    concurrency: int = 4
    months: list[Month] = field(default_factory=list)
    #: Runs each closing (the period, and a coroutine factory sending it), e.g. to profile it.
    around_closing: Callable[[str, Callable[[], Any]], Any] | None = None
    _month: Month = field(default_factory=lambda: Month("set-up"))

    async def play_stream(self, commands: Iterable[dict[str, Any]]) -> None:
        started = time.monotonic()
        pending: dict[str, list[Line]] = {}
        held = 0
        independent: dict[tuple[Any, ...], list[Line]] = {}
        for number, command in enumerate(commands, start=1):
            name, body = str(command["cmd"]), _fields(command)
            if batchable(name, body):
                if independent:
                    await self.send_independent(independent)
                    independent = {}
                pending.setdefault(self.credentials_for(name, command, body), []).append((number, command))
                held += 1
                if held >= self.hold:
                    await self.flush(pending)
                    pending, held = {}, 0
                continue
            if pending:
                await self.flush(pending)
                pending, held = {}, 0
            if name in INDEPENDENT:
                thing = (name.split(".")[0], *(str(body.get(f)) for f in INDEPENDENT[name]))
                independent.setdefault(thing, []).append((number, command))
                continue
            if independent:
                await self.send_independent(independent)
                independent = {}
            if name == "period.close":
                await self.close(number, command)
            else:
                t0 = time.monotonic()
                await self.play_one(number, command)
                self._month.back_office_commands += 1
                self._month.back_office_s += time.monotonic() - t0
        if pending:
            await self.flush(pending)
        if independent:
            await self.send_independent(independent)
        await self.quiet()
        await close_probes()
        self.result.seconds = time.monotonic() - started

    async def send_independent(self, runs: dict[tuple[Any, ...], list[Line]]) -> None:
        """Back-office commands about different things, `concurrency` things at a time."""
        t0 = time.monotonic()
        await self._switch_to(BACK_OFFICE)
        gate = asyncio.Semaphore(self.concurrency)

        async def send(lines: list[Line]) -> None:
            async with gate:
                for number, command in lines:
                    await self.play_one(number, command)

        await asyncio.gather(*(send(lines) for lines in runs.values()))
        self._month.back_office_commands += sum(len(lines) for lines in runs.values())
        self._month.back_office_s += time.monotonic() - t0

    async def flush(self, pending: dict[str, list[Line]]) -> None:
        """Every organisation's held declarations, `concurrency` organisations at a time."""
        for organisation in pending:
            if await self.ensure_key(organisation):
                await self.quiet()
        await self._switch_to(ORGANISATION)
        gate = asyncio.Semaphore(self.concurrency)

        async def send(organisation: str, lines: list[Line]) -> None:
            for i in range(0, len(lines), self.batch):
                async with gate:
                    await self.play_batch(organisation, lines[i:i + self.batch])

        t0 = time.monotonic()
        await asyncio.gather(*(send(org, lines) for org, lines in pending.items()))
        self._month.ingest_s += time.monotonic() - t0
        self._month.declarations += sum(len(lines) for lines in pending.values())

    async def close(self, number: int, command: dict[str, Any]) -> None:
        period = str(command["period"])
        self._month.period = period
        t0 = time.monotonic()
        await self.quiet()
        self._month.catch_up_s = time.monotonic() - t0
        self._month.load = os.getloadavg()[0]
        t0 = time.monotonic()
        if self.around_closing is not None:
            await self.around_closing(period, lambda: self.play_one(number, command))
        else:
            await self.play_one(number, command)
        self._month.closing_s = time.monotonic() - t0
        self.months.append(self._month)
        self._month = Month("after " + period)
