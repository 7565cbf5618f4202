"""The programme's lots: where, what, at which price, held by whom, and their sessions' skeletons."""

from __future__ import annotations

import random
from datetime import timedelta

from pacte_cli.scenario.generator.axes import assign_axes
from pacte_cli.scenario.generator.calendar import Calendar
from pacte_cli.scenario.generator.draws import weighted
from pacte_cli.scenario.generator.reference import MODULES, ORG_PREFIXES, ORG_SUFFIXES, PLACES, TERRITORY_WEIGHTS
from pacte_cli.scenario.generator.shape import SHORT, Shape
from pacte_cli.scenario.generator.skeleton import Lot, Session
from pacte_contracts.codes import BillingUnit

_UNITS = (BillingUnit.OPENING_DAY.value, BillingUnit.TRAINER_HOUR.value, BillingUnit.TRAINEE_HOUR.value)


class _Holders:
    """Training organisations: each holds a lot before any holds two; a few then hold many."""

    def __init__(self, rng: random.Random, lots: int) -> None:
        self.count = max(2, round(lots / 2.5))
        self.ids = [f"OF-{k:03d}" for k in range(1, self.count + 1)]
        self.names = {org: f"{rng.choice(ORG_PREFIXES)} {rng.choice(ORG_SUFFIXES)} ({org})" for org in self.ids}
        self.weights = [1.0 / (k + 1) ** 0.7 for k in range(self.count)]
        self.first = self.ids[:]
        rng.shuffle(self.first)

    def holder(self, rng: random.Random, i: int) -> str:
        return self.first[i] if i < self.count else rng.choices(self.ids, self.weights)[0]


def build_programme(rng: random.Random, cal: Calendar, lots: int, sessions_per_lot: int, shape: Shape = SHORT
                    ) -> tuple[list[str], list[Lot]]:
    """The organisations and the lots, in lot order; draws from `rng` in a fixed order."""
    holders = _Holders(rng, lots)
    unsuccessful = rng.randrange(1, lots) if lots >= 6 else -1
    start_months = max(1, min(cal.months, round(cal.months * shape.start_share)))
    programme: list[Lot] = []
    rank = 0
    for i in range(lots):
        lot = _lot(rng, i, lots, shape)
        lot.unsuccessful = i == unsuccessful
        if not lot.unsuccessful:
            lot.holder = holders.holder(rng, i)
            lot.holder_name = holders.names[lot.holder]
            lot.members = [lot.holder]
            if rng.random() < 0.15:
                lot.members.append(f"OF-{rng.randrange(501, 600)}")
            for j in range(sessions_per_lot):
                session = _session(rng, cal, lot, j, rank, start_months, shape)
                if session.n_days:
                    rank += 1
                    lot.sessions.append(session)
            lot.amount_cents = _order_amount(rng, lot)
        programme.append(lot)
    assign_axes(rng, programme)
    return holders.ids, programme


def _lot(rng: random.Random, i: int, lots: int, shape: Shape) -> Lot:
    territories = tuple(TERRITORY_WEIGHTS)
    # Every department gets a lot before any gets a second one, as long as lots allow.
    territory = territories[i] if i < len(territories) and lots >= 24 else weighted(
        rng, territories, tuple(TERRITORY_WEIGHTS.values())
    )
    lot = Lot(index=i, lot_id=f"L-{i:03d}", order_id=f"BC-{i:03d}", territory=territory)
    lot.billing_unit = weighted(rng, _UNITS, (45, 40, 15))
    prices = (rng.randrange(78_000, 118_000, 10), rng.randrange(4_500, 8_200, 5), rng.randrange(850, 1_450))
    lot.unit_price_cents = prices[_UNITS.index(lot.billing_unit)]
    lot.session_capacity = rng.randint(*shape.lot_capacity)
    lot.dropout_p = min(0.45, max(0.12, rng.gauss(0.27, 0.06)))
    lot.modules = rng.sample(MODULES, rng.choice((1, 1, 2))) if rng.random() < 0.1 else []
    return lot


def _session(rng: random.Random, cal: Calendar, lot: Lot, j: int, rank: int, start_months: int, shape: Shape
             ) -> Session:
    starts_on = cal.month_start(rng.randrange(start_months)) + timedelta(days=rng.randrange(0, 26))
    latest = cal.end - timedelta(days=10)
    if starts_on > latest:
        starts_on = max(cal.start, latest)
    while starts_on.weekday() >= 5:
        starts_on += timedelta(days=1)
    session = Session(
        session_id=f"S-{lot.index:03d}-{j}",
        order=rank,
        lot=lot,
        number=j,
        start_month=cal.index(starts_on),
        starts_on=starts_on,
        weeks=rng.choice(shape.weeks),
        skip_weekday=2 if rng.random() < 0.2 else -1,
        hours_per_day=rng.choice((6.0, 6.5, 7.0, 7.0, 7.5)),
        capacity=max(4, lot.session_capacity - rng.choice((0, 0, 0, 1, 2, 3))),
        place=rng.choice(PLACES[lot.territory]),
        cancelled=rng.random() < 0.03,
        seed=rng.getrandbits(64),
        horizon_end=cal.end,
    )
    session.n_days = len(session.planned_days())
    return session


def _order_amount(rng: random.Random, lot: Lot) -> int:
    estimate = sum(_estimate_cents(lot, s) for s in lot.sessions)
    # Most orders leave room; about one in six is sized below what the lot will bill.
    factor = rng.uniform(0.55, 0.85) if rng.random() < 0.18 else rng.uniform(1.1, 1.5)
    return max(100_000, round(estimate * factor / 100_000) * 100_000)


def _estimate_cents(lot: Lot, session: Session) -> float:
    days = session.n_days
    if lot.billing_unit == BillingUnit.OPENING_DAY:
        return days * lot.unit_price_cents * 0.97
    if lot.billing_unit == BillingUnit.TRAINER_HOUR:
        return days * session.hours_per_day * lot.unit_price_cents * 1.08
    return days * session.hours_per_day * session.capacity * 0.72 * lot.unit_price_cents
