"""The programme's skeleton: lots and the sessions planned on them (dates, hours, capacity)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from pacte_cli.scenario.generator.calendar import holidays


def json_hours(value: float) -> int | float:
    """Hours as JSON numbers: `7` rather than `7.0`, at most 2 decimals otherwise."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


@dataclass(slots=True)
class Lot:
    index: int
    lot_id: str
    order_id: str
    territory: str
    domain: str = ""
    axis: str = ""
    action_type: str = ""
    billing_unit: str = ""
    unit_price_cents: int = 0
    session_capacity: int = 0
    bonus_cents: int = 0
    #: Paid once per person who goes on from an Essentials session of the lot (issue 22); 0 for other lots.
    continuity_bonus_cents: int = 0
    modules: list[str] = field(default_factory=list)
    holder: str = ""
    holder_name: str = ""
    members: list[str] = field(default_factory=list)
    unsuccessful: bool = False
    amount_cents: int = 0
    dropout_p: float = 0.25
    sessions: list[Session] = field(default_factory=list)


@dataclass(slots=True)
class Session:
    session_id: str
    order: int  # global rank: ties between sessions on one day break on it
    lot: Lot
    number: int
    start_month: int
    starts_on: date
    weeks: int
    skip_weekday: int  # 0-4, or -1 for a full five-day week
    hours_per_day: float
    capacity: int
    place: str
    cancelled: bool
    seed: int
    horizon_end: date
    n_days: int = 0

    def planned_days(self) -> list[date]:
        days: list[date] = []
        day = self.starts_on
        last = min(self.starts_on + timedelta(days=7 * self.weeks - 1), self.horizon_end)
        while day <= last:
            weekday = day.weekday()
            if weekday < 5 and weekday != self.skip_weekday and day not in holidays(day.year):
                days.append(day)
            day += timedelta(days=1)
        return days
