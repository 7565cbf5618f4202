"""The ranges sessions are drawn from: how long they run, how many seats their lots offer, when they start.

`SHORT` is what every programme the project generates has always used (demo, tests, `medium.jsonl`):
courses of two to twelve weeks starting in the programme's first 60 % of months. `PACT` is the
regional pact's own mix over four years: qualifying courses of three months to a year with larger
groups, starting until the last months, so that about 1,000 lots × 9 sessions hold about 110,000
trainees and 12 million attendance facts. Only the ranges differ: every rule that draws from them is
the same code, and `SHORT`'s draws are the very ones made before ranges were parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Shape:
    #: A session's length in weeks is drawn uniformly from these.
    weeks: tuple[int, ...] = (2, 3, 4, 4, 5, 6, 6, 8, 10, 12)
    #: A lot's session capacity is drawn uniformly between these (inclusive).
    lot_capacity: tuple[int, int] = (8, 15)
    #: Sessions start in this share of the programme's first months.
    start_share: float = 0.6


SHORT = Shape()
PACT = Shape(weeks=(12, 16, 20, 24, 26, 30, 34, 40, 45, 52), lot_capacity=(13, 21), start_share=0.85)


@dataclass(frozen=True, slots=True)
class PactSize:
    """The regional pact's programme at `scale` (1.0: the whole pact)."""

    scale: float = 1.0
    #: The whole pact: about 1,000 lots, 9 sessions each, over the 48 months of 2019-2022.
    lots_at_full: int = 1000
    sessions_per_lot: int = 9
    months: int = 48
    start: date = date(2019, 1, 1)

    @property
    def lots(self) -> int:
        return max(1, round(self.lots_at_full * self.scale))
