"""The scenario player on a streamed programme, timed month by month: what `make bench-pact` plays the pact with.

It is the project's player (`pacte_cli.scenario.player`: its lanes send what may go at once together,
each organisation's declarations in `/v1/batch`, outcomes in one batch, the rest in file order), fed
the generator's commands as they are produced (`Player.play_commands`) instead of a file read whole:
a four-year pact is 13 million lines. Two things are added for the bench: each `period.close` is
requested once the system is quiet (the month's facts are in) and timed from the request until billing
says the closing is complete; and the time during which declaration batches are in flight is summed
per month (the ingest rate's denominator).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pacte_cli.quiet import close_probes
from pacte_cli.scenario.player import Player
from pacte_cli.scenario.routes import BACK_OFFICE, sender_of

Line = tuple[int, dict[str, Any]]


@dataclass
class Month:
    period: str
    declarations: int = 0
    #: Seconds during which declaration batches were in flight (HTTP, from a request to its answer).
    ingest_s: float = 0.0
    back_office_commands: int = 0
    #: Waiting for every consumer to catch up before the closing.
    catch_up_s: float = 0.0
    closing_s: float = 0.0
    load: float = 0.0


@dataclass
class StreamingPlayer(Player):
    months: list[Month] = field(default_factory=list)
    #: Runs each closing (the period, and a coroutine factory sending it), e.g. to profile it.
    around_closing: Callable[[str, Callable[[], Any]], Any] | None = None
    _month: Month = field(default_factory=lambda: Month("set-up"))
    _in_flight: int = 0
    _busy_since: float = 0.0

    async def play_stream(self, commands: Iterable[dict[str, Any]]) -> None:
        await self.play_commands(enumerate(commands, start=1))
        await close_probes()

    async def play_batch(self, organisation: str | None, lines: list[Line]) -> None:
        if organisation is None:  # the back office's outcomes
            self._month.back_office_commands += len(lines)
            await super().play_batch(organisation, lines)
            return
        if self._in_flight == 0:
            self._busy_since = time.monotonic()
        self._in_flight += 1
        try:
            await super().play_batch(organisation, lines)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._month.ingest_s += time.monotonic() - self._busy_since
        self._month.declarations += len(lines)

    async def play_one(self, number: int, command: dict[str, Any]) -> None:
        name = str(command["cmd"])
        if name != "period.close":
            if sender_of(name) == BACK_OFFICE:
                self._month.back_office_commands += 1
            await super().play_one(number, command)
            return
        # A barrier: every line before it is answered; the bench waits for their facts to be in.
        period = str(command["period"])
        month = self._month
        month.period = period
        t0 = time.monotonic()
        await self.quiet()
        month.catch_up_s = time.monotonic() - t0
        month.load = os.getloadavg()[0]
        t0 = time.monotonic()
        if self.around_closing is not None:
            await self.around_closing(period, lambda: super(StreamingPlayer, self).play_one(number, command))
        else:
            await super().play_one(number, command)
        month.closing_s = time.monotonic() - t0
        self.months.append(month)
        self._month = Month("after " + period)
