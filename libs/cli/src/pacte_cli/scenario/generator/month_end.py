"""The back-office's month end: outcomes observed, milestones decided, the period closed, invoices settled."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pacte_cli.scenario.generator.calendar import Calendar
from pacte_cli.scenario.generator.outcomes import Exit, Observation, observations


class MonthEnd:
    """Collects what a month brings (billable orders, exits to follow up) and closes it."""

    def __init__(self, rng: random.Random, cal: Calendar, manual_due: dict[int, list[tuple[str, date]]]) -> None:
        self.rng = rng
        self.cal = cal
        self.manual_due = manual_due  # month → manual milestones (id, due date) falling due in it
        self.outcomes: dict[int, list[Observation]] = {}  # observation month → observations
        self.activity: dict[int, dict[str, None]] = {}  # period → orders with billable facts (insertion order)

    def billed(self, m: int, order_id: str) -> None:
        self.activity.setdefault(m, {})[order_id] = None

    def exited(self, exit_: Exit) -> None:
        for observation in observations(self.rng, exit_):
            month = self.cal.index(observation.on)
            if month < self.cal.months:
                self.outcomes.setdefault(month, []).append(observation)

    def close(self, m: int) -> Iterator[dict[str, Any]]:
        """After the month's declarations and before the next month's."""
        end = self.cal.month_end(m)
        observed = self.outcomes.pop(m, [])
        if observed:
            yield {"cmd": "clock.advance", "date": (end + timedelta(days=1)).isoformat()}
            for o in observed:
                yield {"cmd": "outcome.record", "session_id": o.exit.session_id, "trainee_id": o.exit.trainee_id,
                       "months_after_exit": o.months_after, "observed_on": o.on.isoformat(), "status": o.status}
        for milestone_id, due in self.manual_due.pop(m, []):
            verb = "milestone.validate" if self.rng.random() < 0.6 else "milestone.waive"
            yield {"cmd": verb, "milestone_id": milestone_id, "date": due.isoformat()}
        yield {"cmd": "period.close", "period": self.cal.period(m)}
        # Invoices are approved and paid a month later; the last month's at once.
        for p in (m - 1, m) if m == self.cal.months - 1 else (m - 1,):
            yield from self._settle(p)

    def _settle(self, p: int) -> Iterator[dict[str, Any]]:
        for order_id in self.activity.pop(p, {}):
            if self.rng.random() < 0.9:
                yield {"cmd": "invoice.approve", "order_id": order_id, "period": self.cal.period(p)}
                if self.rng.random() < 0.85:
                    yield {"cmd": "invoice.pay", "order_id": order_id, "period": self.cal.period(p)}
