"""Deliberate bad inputs: refused variants of valid commands, which change nothing in the system."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pacte_cli.scenario.generator.skeleton import Lot

BAD_REASONS = ("teleportation", "moved_abroad", "abandon", "unknown_reason")
INTRUDER = "OF-INTRUDER"
#: The kinds of bad input each organisation command can carry, besides the three any can.
_KINDS: dict[str, list[str]] = {
    "attendance.record": ["negative", "decimals", "not_planned"],
    "trainer.hours": ["negative", "decimals", "not_planned"],
    "session.open_day": ["not_planned", "not_planned"],
    "satisfaction.record": ["score", "score"],
    "trainee.dropout": ["reason", "reason"],
    "trainee.enrol": ["profile"],
}


class Faults:
    """Follows (or precedes) a share of organisation commands with a refused variant."""

    def __init__(self, rng: random.Random, share: float, organisations: list[str]) -> None:
        self.rng = rng
        self.share = share
        self.organisations = organisations

    def strike(self) -> bool:
        """Whether the next command gets a refused variant."""
        return self.share > 0 and self.rng.random() < self.share

    def pair(self, cmd: dict[str, Any], holder: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The command and its refused variant, in a random order."""
        bad = refused_variant(self.rng, cmd, holder, self.organisations)
        return (bad, cmd) if self.rng.random() < 0.5 else (cmd, bad)


def refused_variant(rng: random.Random, cmd: dict[str, Any], holder: str, organisations: list[str]
                    ) -> dict[str, Any]:
    """A refused variant of a valid organisation command."""
    name = cmd["cmd"]
    kind = rng.choice(["unknown_session", "foreign", "intruder", *_KINDS.get(name, [])])
    bad = dict(cmd)
    hours_field = "hours" if name == "trainer.hours" else "hours_present"
    if kind == "unknown_session":
        bad["session_id"] = f"S-NOPE-{rng.randrange(1000)}"
    elif kind == "foreign":
        others = [org for org in organisations if org != holder]
        bad["as_organisation"] = rng.choice(others) if others else INTRUDER
    elif kind == "intruder":
        bad["as_organisation"] = INTRUDER
    elif kind == "negative":
        bad[hours_field] = -abs(float(cmd[hours_field]) or 1.0)
    elif kind == "decimals":
        whole = max(1, int(float(cmd[hours_field]))) - 1
        bad[hours_field] = float(f"{whole}.{rng.choice(('125', '375', '625', '875'))}")
    elif kind == "not_planned":
        day = date.fromisoformat(cmd["date"])
        bad["date"] = (day + timedelta(days=(5 - day.weekday()) % 7)).isoformat()  # a weekend day
    elif kind == "score":
        bad["score"] = rng.choice((9, 9, 0, 6))
    elif kind == "reason":
        bad["reason"] = rng.choice(BAD_REASONS)
    else:
        bad["profile"] = {**cmd["profile"], "age_band": "60+"}
    return bad


def refused_back_office(programme: list[Lot], budgets: dict[str, int], lots: int, start: date
                        ) -> Iterator[dict[str, Any]]:
    """An order over budget, a session over its lot's capacity, orders on unsuccessful lots."""
    awarded = [lot for lot in programme if not lot.unsuccessful]
    if awarded:
        lot = awarded[0]
        yield {"cmd": "order.place", "order_id": f"BC-{lots:03d}-X", "lot_id": lot.lot_id,
               "amount_cents": budgets[lot.axis] + 100_000}  # budget_exceeded
        yield {"cmd": "session.schedule", "session_id": f"S-{lot.index:03d}-X", "order_id": lot.order_id,
               "starts_on": start.isoformat(), "ends_on": start.isoformat(),
               "planned_days": [start.isoformat()], "hours_per_day": 7,
               "capacity": lot.session_capacity + 5, "place": "Site"}  # invalid: over the lot's capacity
    for lot in programme:
        if lot.unsuccessful:
            yield {"cmd": "order.place", "order_id": f"{lot.order_id}-X", "lot_id": lot.lot_id,
                   "amount_cents": 500_000}  # lot_not_awarded


def refused_approval(lots: int, period: str) -> dict[str, Any]:
    """The approval of an invoice that does not exist (its order was refused)."""
    return {"cmd": "invoice.approve", "order_id": f"BC-{lots:03d}-X", "period": period}
