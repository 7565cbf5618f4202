"""Sign-in throttling: after too many failures, a user name or an address waits before the next try.

Counted over a sliding window (`login_window_s`), per user name and per client address. From the
limit on, each further failure doubles the wait, from `login_lockout_s` up to `login_max_lockout_s`;
a success clears the user's failures. While a wait runs, a sign-in is refused without checking the
password (429 with `Retry-After`), so that guessing learns nothing, and the refusal is audited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Failures:
    """Failures within the window: how many, and the time of the last one."""

    count: int
    last: float | None


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    window_s: int
    per_user: int
    per_address: int
    lockout_s: int
    max_lockout_s: int

    def wait_s(self, user: Failures, address: Failures, now: float) -> int:
        """Seconds before the next attempt is considered (0: now)."""
        return max(self._wait(user, self.per_user, now), self._wait(address, self.per_address, now))

    def _wait(self, failures: Failures, limit: int, now: float) -> int:
        if failures.count < limit or failures.last is None:
            return 0
        lockout: int = min(self.max_lockout_s, self.lockout_s * 2 ** min(failures.count - limit, 30))
        return max(0, math.ceil(failures.last + lockout - now))
