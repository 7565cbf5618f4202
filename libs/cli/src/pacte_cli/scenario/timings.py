"""Where a scenario's playing time goes: every wait of the player, by kind and line.

The player spends its time in four kinds of wait, one after the other (lines of different lanes overlap
inside a kind, never across kinds): `quiet` (a quiet point, SCENARIO.md), `closing` (from a `period.close`
request to its complete closing), `barrier` (a line every other line waits for, answered alone) and
`lanes` (until every line started since the last barrier is answered). What is left of the play is the
scheduling itself (reading lines, gathering batches).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

KINDS = ("quiet", "closing", "barrier", "lanes")


@dataclass(frozen=True, slots=True)
class Span:
    kind: str
    line: int
    seconds: float
    #: What the span waited on: a command's name, a period, the number of looks at the system.
    detail: str = ""


@dataclass
class Timings:
    spans: list[Span] = field(default_factory=list)

    @contextmanager
    def span(self, kind: str, line: int, detail: str = "") -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.spans.append(Span(kind, line, time.monotonic() - started, detail))

    def total(self, kind: str) -> float:
        return sum(span.seconds for span in self.spans if span.kind == kind)

    def summary(self, seconds: float) -> str:
        """One line: each kind's count and total, then what is left of `seconds`."""
        parts = []
        for kind in KINDS:
            mine = [span for span in self.spans if span.kind == kind]
            if mine:
                parts.append(f"{kind} {len(mine)}× {sum(s.seconds for s in mine):.2f}s "
                             f"(max {max(s.seconds for s in mine):.2f}s line {max(mine, key=_seconds).line})")
        rest = seconds - sum(self.total(kind) for kind in KINDS)
        return "; ".join([*parts, f"scheduling {rest:.2f}s"])

    def lines(self) -> list[str]:
        """Every span, in the order it ended."""
        return [f"{span.kind:8} line {span.line:>6} {span.seconds * 1000:8.1f} ms  {span.detail}"
                for span in self.spans]


def _seconds(span: Span) -> float:
    return span.seconds
