"""The buyer's commands: tenders and their budgets, lots and orders, sessions, job-seeker counts."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pacte_cli.scenario.generator.calendar import add_months
from pacte_cli.scenario.generator.reference import DOMAIN_LABELS, JOBSEEKERS
from pacte_cli.scenario.generator.skeleton import Lot, Session, json_hours
from pacte_contracts.codes import TERRITORY_NAMES, Axis, Territory

TENDER_IDS = {Axis.QUALIFYING.value: "T-Q", Axis.ESSENTIALS.value: "T-E", Axis.TRANSVERSE.value: "T-X"}
_TITLES = {Axis.QUALIFYING.value: "Parcours qualifiants (axe 1)",
           Axis.ESSENTIALS.value: "Les Essentiels (axe 2)",
           Axis.TRANSVERSE.value: "Actions transverses"}


def tender_budgets(rng: random.Random, programme: list[Lot]) -> dict[str, int]:
    """Each axis's budget, comfortably above the orders of its lots."""
    budgets: dict[str, int] = {}
    for axis in TENDER_IDS:
        committed = sum(lot.amount_cents for lot in programme if lot.axis == axis and not lot.unsuccessful)
        budgets[axis] = max(10_000_000, -(-int(committed * rng.uniform(1.2, 1.4)) // 1_000_000) * 1_000_000)
    return budgets


def tenders(budgets: dict[str, int], start: date) -> Iterator[dict[str, Any]]:
    for axis, tender_id in TENDER_IDS.items():
        yield {"cmd": "tender.publish", "tender_id": tender_id, "reference": f"{tender_id}-{start.year}",
               "title": _TITLES[axis], "axis": axis, "procedure": "quote" if axis == Axis.TRANSVERSE else "open",
               "budget_cents": budgets[axis], "starts_on": start.isoformat(),
               "ends_on": (add_months(start, 24) - timedelta(days=1)).isoformat()}


def lots_and_orders(programme: list[Lot]) -> Iterator[dict[str, Any]]:
    """Each lot defined, then awarded and ordered (or declared unsuccessful), with its first month's sessions."""
    numbers = dict.fromkeys(TENDER_IDS.values(), 0)
    for lot in programme:
        tender_id = TENDER_IDS[lot.axis]
        numbers[tender_id] += 1
        yield {"cmd": "lot.define", "lot_id": lot.lot_id, "tender_id": tender_id, "number": numbers[tender_id],
               "title": f"{DOMAIN_LABELS[lot.domain]} - {TERRITORY_NAMES[Territory(lot.territory)]}",
               "territory": lot.territory, "domain": lot.domain, "action_type": lot.action_type,
               "billing_unit": lot.billing_unit, "unit_price_cents": lot.unit_price_cents,
               "session_capacity": lot.session_capacity, "return_to_work_bonus_cents": lot.bonus_cents,
               "additional_modules": lot.modules,
               **({"continuity_bonus_cents": lot.continuity_bonus_cents} if lot.continuity_bonus_cents else {})}
        if lot.unsuccessful:
            yield {"cmd": "lot.unsuccessful", "lot_id": lot.lot_id}
            continue
        yield {"cmd": "lot.award", "lot_id": lot.lot_id, "organisation_id": lot.holder,
               "organisation_name": lot.holder_name, "members": lot.members}
        yield {"cmd": "order.place", "order_id": lot.order_id, "lot_id": lot.lot_id,
               "amount_cents": lot.amount_cents}
        for session in lot.sessions:
            if session.start_month == 0:
                yield from schedule(session)


def schedule(session: Session) -> Iterator[dict[str, Any]]:
    days = session.planned_days()
    yield {"cmd": "session.schedule", "session_id": session.session_id, "order_id": session.lot.order_id,
           "starts_on": days[0].isoformat(), "ends_on": days[-1].isoformat(),
           "planned_days": [d.isoformat() for d in days], "hours_per_day": json_hours(session.hours_per_day),
           "capacity": session.capacity, "place": session.place}
    if session.cancelled:
        yield {"cmd": "session.cancel", "session_id": session.session_id}


def jobseeker_counts(rng: random.Random) -> Iterator[dict[str, Any]]:
    for territory, count in JOBSEEKERS.items():
        yield {"cmd": "reference.jobseekers", "territory": territory,
               "count": round(count * rng.uniform(0.95, 1.05))}
