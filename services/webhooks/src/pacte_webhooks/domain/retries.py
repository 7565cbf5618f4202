"""When a failed delivery is tried again: exponential backoff (base × 2^(n−1), capped, with ±10 %
jitter so that receivers coming back are not hit by every sender at the same instant), for 24 hours
from its creation or last replay; after that the delivery is `failed` (replayable by hand)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    base_s: float
    max_delay_s: float
    horizon_s: float

    def delay_s(self, attempts_made: int, jitter: float) -> float:
        """The wait after the `attempts_made`-th failed attempt; `jitter` in [-1, 1]."""
        raw: float = min(self.base_s * 2.0 ** max(attempts_made - 1, 0), self.max_delay_s)
        return raw * (1 + 0.1 * max(-1.0, min(1.0, jitter)))

    def next_attempt(self, attempts_made: int, now: datetime, retry_from: datetime,
                     jitter: float = 0.0) -> datetime | None:
        """When to try again, or None when the next try would fall past the horizon."""
        at = now + timedelta(seconds=self.delay_s(attempts_made, jitter))
        return at if at <= retry_from + timedelta(seconds=self.horizon_s) else None
