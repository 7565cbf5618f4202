"""Deterministic generator of realistic scenarios (../shared/spec/SCENARIO.md).

`generate(seed, lots, sessions_per_lot, months)` yields the commands of a whole programme in file
order: three tenders (axes qualifying / essentials / transverse), lots spread over the region's
12 departments and 14 domains, one order per awarded lot, sessions scheduled month by month by
the back-office, then what the training organisations declare day after day (enrolments, open
days, trainer hours, attendance, suspensions, dropouts with the region's reasons, completions,
satisfaction, late corrections), monthly closings with approvals and payments, 6- and 12-month
outcomes after a `clock.advance`, improvement plans and their manual milestones, and a share of
deliberate bad inputs.

Determinism: one `random.Random(seed)` drives everything (child generators are seeded from it in
a fixed order); nothing depends on the wall clock or on set iteration order.

Streaming: the lots and the skeleton of each session (dates, hours, capacity) are built first,
because the tenders' budgets and the orders' amounts need them; every trainee-level command is
then produced lazily, session by session and day by day, so memory holds only the sessions
running this month, the outcomes still to observe and the activity of the last two periods.
"""

from __future__ import annotations

import heapq
import json
import random
from calendar import monthrange
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pacte_contracts.codes import (
    AXIS_TARGETS,
    TERRITORY_NAMES,
    ActionType,
    AgeBand,
    Axis,
    BillingUnit,
    Certification,
    Domain,
    DropoutReason,
    ImprovementDimension,
    MilestoneIndicator,
    OutcomeStatus,
    PriorityPublic,
    Qualification,
    Territory,
)

__all__ = ["generate", "write_jsonl"]

# --- reference data ---------------------------------------------------------------------------

#: Rough weight of each department in the region's training needs (population, job seekers).
_TERRITORY_WEIGHTS: dict[str, int] = {
    "01": 6, "03": 4, "07": 4, "15": 2, "26": 6, "38": 13,
    "42": 8, "43": 3, "63": 7, "69": 19, "73": 5, "74": 8,
}
#: Registered job seekers per department (orders of magnitude, categories A-B-C).
_JOBSEEKERS: dict[str, int] = {
    "01": 38_000, "03": 25_000, "07": 24_000, "15": 7_500, "26": 41_000, "38": 92_000,
    "42": 56_000, "43": 13_000, "63": 48_000, "69": 152_000, "73": 27_000, "74": 54_000,
}
_RURAL = frozenset({"03", "07", "15", "43"})
_PLACES: dict[str, tuple[str, ...]] = {
    "01": ("Bourg-en-Bresse", "Oyonnax", "Ambérieu-en-Bugey"),
    "03": ("Moulins", "Montluçon", "Vichy"),
    "07": ("Privas", "Aubenas", "Annonay"),
    "15": ("Aurillac", "Saint-Flour"),
    "26": ("Valence", "Montélimar", "Romans-sur-Isère"),
    "38": ("Grenoble", "Vienne", "Bourgoin-Jallieu", "Voiron"),
    "42": ("Saint-Étienne", "Roanne", "Montbrison"),
    "43": ("Le Puy-en-Velay", "Yssingeaux"),
    "63": ("Clermont-Ferrand", "Riom", "Thiers", "Issoire"),
    "69": ("Lyon 7e", "Lyon 9e", "Villeurbanne", "Vénissieux", "Villefranche-sur-Saône"),
    "73": ("Chambéry", "Albertville", "Aix-les-Bains"),
    "74": ("Annecy", "Annemasse", "Thonon-les-Bains", "Cluses"),
}
_DOMAIN_LABELS: dict[str, str] = {
    "industry_of_the_future": "Industrie du futur",
    "plastics": "Plasturgie",
    "aeronautics": "Aéronautique",
    "construction": "Bâtiment et travaux publics",
    "digital": "Numérique",
    "personal_services": "Services à la personne",
    "agri_food_forestry": "Agriculture, agroalimentaire et forêt",
    "energy": "Énergie",
    "nuclear": "Nucléaire",
    "mobility_transport": "Mobilité et transport",
    "sport_mountain_tourism": "Sport, montagne et tourisme",
    "sales": "Commerce",
    "food_trades": "Métiers de bouche",
    "transverse": "Compétences transverses",
}
_DOMEX = tuple(d.value for d in Domain if d is not Domain.TRANSVERSE)
_MODULES = (
    "CACES R489", "CACES R482", "SST", "Habilitation électrique", "Permis B", "HACCP",
    "Certificat Voltaire", "PIX",
)
#: The region's dropout reasons (DOMAIN.md table order) with realistic weights.
_DROPOUT_REASONS: tuple[str, ...] = tuple(r.value for r in DropoutReason)
_DROPOUT_WEIGHTS = (22, 17, 13, 9, 2, 14, 8, 15)
_SUSPENSION_REASONS = (
    "Contrat court (mission d'intérim)", "Raison de santé", "Garde d'enfant",
    "Démarches administratives", "Période d'immersion en entreprise",
)
_ORG_PREFIXES = ("Institut", "Centre", "Atelier", "Académie", "Maison", "Espace", "Campus", "Réseau")
_ORG_SUFFIXES = (
    "Compétences", "Formation Pro", "Avenir", "des Métiers", "Alpes Formation", "Auvergne Formation",
    "Rhône Emploi", "Savoir-Faire", "Insertion", "Numérique",
)
_MANUAL_MILESTONES = (
    ("employer_links", "Charte de partenariat signée avec 5 entreprises du territoire"),
    ("continuity", "Convention de chaînage des parcours avec la Mission Locale"),
    ("pedagogy", "Mise en place de périodes en situation de travail pour chaque stagiaire"),
    ("trainee_support", "Référent de parcours nommé et entretiens individuels mensuels"),
)
#: Indicator → (dimension, comparator, low, high) of its threshold.
_TARGETS: dict[str, tuple[str, str, float, float]] = {
    MilestoneIndicator.DROPOUT_RATE: ("dropout_prevention", "<=", 0.18, 0.32),
    MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE: ("dropout_prevention", "<=", 0.12, 0.25),
    MilestoneIndicator.FILL_RATE: ("trainee_support", ">=", 0.60, 0.85),
    MilestoneIndicator.CERTIFICATION_RATE: ("pedagogy", ">=", 0.45, 0.70),
    MilestoneIndicator.RETURN_TO_WORK_6M_RATE: ("employer_links", ">=", 0.40, 0.60),
    MilestoneIndicator.DURABLE_EMPLOYMENT_6M_RATE: ("employer_links", ">=", 0.20, 0.35),
    MilestoneIndicator.SATISFACTION_AVG: ("satisfaction", ">=", 3.8, 4.5),
    MilestoneIndicator.SATISFACTION_RESPONSE_RATE: ("satisfaction", ">=", 0.50, 0.75),
}
_TARGET_TEXT: dict[str, str] = {
    MilestoneIndicator.DROPOUT_RATE: "Taux d'abandon au plus de {v}",
    MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE: "Taux d'abandon hors retour à l'emploi au plus de {v}",
    MilestoneIndicator.FILL_RATE: "Taux de places pourvues d'au moins {v}",
    MilestoneIndicator.CERTIFICATION_RATE: "Taux de certification d'au moins {v}",
    MilestoneIndicator.RETURN_TO_WORK_6M_RATE: "Retour à l'emploi à 6 mois d'au moins {v}",
    MilestoneIndicator.DURABLE_EMPLOYMENT_6M_RATE: "Emploi durable à 6 mois d'au moins {v}",
    MilestoneIndicator.SATISFACTION_AVG: "Satisfaction moyenne d'au moins {v}",
    MilestoneIndicator.SATISFACTION_RESPONSE_RATE: "Taux de réponse à l'enquête de satisfaction d'au moins {v}",
}
_STATUSES = tuple(s.value for s in OutcomeStatus)
#: 6-month outcome weights (employed_durable, employed_other, training, jobseeker, unknown).
_OUTCOME_6M: dict[str, tuple[int, ...]] = {
    "complete_qualifying": (32, 22, 8, 28, 10),
    "complete_preparatory": (10, 14, 40, 26, 10),
    "dropout_return_to_work": (45, 40, 2, 8, 5),
    "dropout_other_training": (5, 5, 60, 20, 10),
    "dropout": (8, 15, 12, 50, 15),
}
#: 12-month outcome weights given the 6-month status.
_OUTCOME_12M: dict[str, tuple[int, ...]] = {
    "employed_durable": (85, 6, 1, 6, 2),
    "employed_other": (30, 45, 3, 18, 4),
    "training": (30, 20, 25, 20, 5),
    "jobseeker": (12, 20, 8, 52, 8),
    "unknown": (10, 10, 5, 20, 55),
}
_BAD_REASONS = ("teleportation", "moved_abroad", "abandon", "unknown_reason")
_INTRUDER = "OF-INTRUDER"
_EXIT_CMDS = frozenset({"trainee.complete", "trainee.dropout"})


# --- small helpers ----------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def _month_end(day: date) -> date:
    return date(day.year, day.month, monthrange(day.year, day.month)[1])


def _num(value: float) -> int | float:
    """Hours as JSON numbers: `7` rather than `7.0`, at most 2 decimals otherwise."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def _easter(year: int) -> date:
    # Anonymous Gregorian algorithm.
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


_HOLIDAY_CACHE: dict[int, frozenset[date]] = {}


def _holidays(year: int) -> frozenset[date]:
    """French public holidays: no training day is planned on them."""
    cached = _HOLIDAY_CACHE.get(year)
    if cached is None:
        easter = _easter(year)
        fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
        days = {date(year, m, d) for m, d in fixed}
        days.update({easter + timedelta(days=1), easter + timedelta(days=39), easter + timedelta(days=50)})
        cached = _HOLIDAY_CACHE[year] = frozenset(days)
    return cached


def _weighted(rng: random.Random, values: tuple[str, ...], weights: tuple[int, ...]) -> str:
    return rng.choices(values, weights)[0]


# --- the programme's skeleton -----------------------------------------------------------------


@dataclass(slots=True)
class _Lot:
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
    modules: list[str] = field(default_factory=list)
    holder: str = ""
    holder_name: str = ""
    members: list[str] = field(default_factory=list)
    unsuccessful: bool = False
    amount_cents: int = 0
    dropout_p: float = 0.25
    sessions: list[_Session] = field(default_factory=list)


@dataclass(slots=True)
class _Session:
    session_id: str
    order: int  # global rank: ties between sessions on one day break on it
    lot: _Lot
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
            if weekday < 5 and weekday != self.skip_weekday and day not in _holidays(day.year):
                days.append(day)
            day += timedelta(days=1)
        return days


@dataclass(slots=True)
class _Exit:
    session_id: str
    trainee_id: str
    on: date
    completed: bool
    reason: str | None
    action_type: str


class _Calendar:
    """Month indexes from the programme's start: month 0 starts at `start`."""

    def __init__(self, start: date, months: int) -> None:
        self.start = start
        self.months = months
        self.first = date(start.year, start.month, 1)
        self.end = _month_end(_add_months(self.first, months - 1))

    def month_start(self, m: int) -> date:
        return self.start if m == 0 else _add_months(self.first, m)

    def month_end(self, m: int) -> date:
        return _month_end(_add_months(self.first, m))

    def index(self, day: date) -> int:
        return (day.year - self.first.year) * 12 + day.month - self.first.month

    def period(self, m: int) -> str:
        return _add_months(self.first, m).isoformat()[:7]


def _estimate_cents(lot: _Lot, session: _Session) -> float:
    days = session.n_days
    if lot.billing_unit == BillingUnit.OPENING_DAY:
        return days * lot.unit_price_cents * 0.97
    if lot.billing_unit == BillingUnit.TRAINER_HOUR:
        return days * session.hours_per_day * lot.unit_price_cents * 1.08
    return days * session.hours_per_day * session.capacity * 0.72 * lot.unit_price_cents


def _build_programme(
    rng: random.Random, cal: _Calendar, lots: int, sessions_per_lot: int
) -> tuple[list[str], list[_Lot]]:
    n_orgs = max(2, round(lots / 2.5))
    organisations = [f"OF-{k:03d}" for k in range(1, n_orgs + 1)]
    names = {org: f"{rng.choice(_ORG_PREFIXES)} {rng.choice(_ORG_SUFFIXES)} ({org})" for org in organisations}
    # A few organisations hold many lots, most hold one or two.
    org_weights = [1.0 / (k + 1) ** 0.7 for k in range(n_orgs)]
    first_holders = organisations[:]
    rng.shuffle(first_holders)
    unsuccessful = rng.randrange(1, lots) if lots >= 6 else -1
    start_months = max(1, min(cal.months, round(cal.months * 0.6)))
    territories = tuple(_TERRITORY_WEIGHTS)
    territory_weights = tuple(_TERRITORY_WEIGHTS.values())
    programme: list[_Lot] = []
    rank = 0
    for i in range(lots):
        # Every department gets a lot before any gets a second one, as long as lots allow.
        territory = territories[i] if i < len(territories) and lots >= 24 else _weighted(
            rng, territories, territory_weights
        )
        lot = _Lot(index=i, lot_id=f"L-{i:03d}", order_id=f"BC-{i:03d}", territory=territory)
        lot.billing_unit = _weighted(
            rng, (BillingUnit.OPENING_DAY.value, BillingUnit.TRAINER_HOUR.value, BillingUnit.TRAINEE_HOUR.value),
            (45, 40, 15),
        )
        lot.unit_price_cents = {
            BillingUnit.OPENING_DAY: rng.randrange(78_000, 118_000, 10),
            BillingUnit.TRAINER_HOUR: rng.randrange(4_500, 8_200, 5),
            BillingUnit.TRAINEE_HOUR: rng.randrange(850, 1_450),
        }[BillingUnit(lot.billing_unit)]
        lot.session_capacity = rng.randint(8, 15)
        lot.dropout_p = min(0.45, max(0.12, rng.gauss(0.27, 0.06)))
        lot.modules = rng.sample(_MODULES, rng.choice((1, 1, 2))) if rng.random() < 0.1 else []
        lot.unsuccessful = i == unsuccessful
        if not lot.unsuccessful:
            holder = first_holders[i] if i < n_orgs else rng.choices(organisations, org_weights)[0]
            lot.holder, lot.holder_name = holder, names[holder]
            lot.members = [holder]
            if rng.random() < 0.15:
                lot.members.append(f"OF-{rng.randrange(501, 600)}")
            for j in range(sessions_per_lot):
                m = rng.randrange(start_months)
                starts_on = cal.month_start(m) + timedelta(days=rng.randrange(0, 26))
                latest = cal.end - timedelta(days=10)
                if starts_on > latest:
                    starts_on = max(cal.start, latest)
                while starts_on.weekday() >= 5:
                    starts_on += timedelta(days=1)
                session = _Session(
                    session_id=f"S-{i:03d}-{j}",
                    order=rank,
                    lot=lot,
                    number=j,
                    start_month=cal.index(starts_on),
                    starts_on=starts_on,
                    weeks=rng.choice((2, 3, 4, 4, 5, 6, 6, 8, 10, 12)),
                    skip_weekday=2 if rng.random() < 0.2 else -1,
                    hours_per_day=rng.choice((6.0, 6.5, 7.0, 7.0, 7.5)),
                    capacity=max(4, lot.session_capacity - rng.choice((0, 0, 0, 1, 2, 3))),
                    place=rng.choice(_PLACES[territory]),
                    cancelled=rng.random() < 0.03,
                    seed=rng.getrandbits(64),
                    horizon_end=cal.end,
                )
                session.n_days = len(session.planned_days())
                if session.n_days == 0:
                    continue
                rank += 1
                lot.sessions.append(session)
            estimate = sum(_estimate_cents(lot, s) for s in lot.sessions)
            # Most orders leave room; about one in six is sized below what the lot will bill.
            factor = rng.uniform(0.55, 0.85) if rng.random() < 0.18 else rng.uniform(1.1, 1.5)
            lot.amount_cents = max(100_000, round(estimate * factor / 100_000) * 100_000)
        programme.append(lot)
    _assign_axes(rng, programme)
    return organisations, programme


def _assign_axes(rng: random.Random, programme: list[_Lot]) -> None:
    """Axes by largest shortfall against the pact's 50/43/7 split of committed money."""
    targets = {axis: float(share) for axis, share in AXIS_TARGETS.items()}
    committed = dict.fromkeys(targets, 0.0)
    total = 0.0
    for lot in programme:
        if lot.unsuccessful or rng.random() < 0.1:
            axis = rng.choices(list(targets), list(targets.values()))[0]
        else:
            after = total + lot.amount_cents
            axis = max(targets, key=lambda a: targets[a] * after - committed[a])
        committed[axis] += lot.amount_cents
        total += lot.amount_cents
        lot.axis = axis.value
        if axis is Axis.ESSENTIALS:
            lot.action_type = ActionType.PREPARATORY.value
            lot.domain = Domain.TRANSVERSE.value if rng.random() < 0.5 else rng.choice(_DOMEX)
        elif axis is Axis.QUALIFYING:
            lot.action_type = _weighted(
                rng, (ActionType.CERTIFYING.value, ActionType.PROFESSIONALISING.value), (70, 30)
            )
            lot.domain = rng.choice(_DOMEX)
        else:
            lot.action_type = rng.choice(tuple(a.value for a in ActionType))
            lot.domain = Domain.TRANSVERSE.value if rng.random() < 0.6 else rng.choice(_DOMEX)
        qualifying = axis is Axis.QUALIFYING
        lot.bonus_cents = rng.choice((0, 20_000, 30_000, 50_000)) if qualifying or rng.random() < 0.2 else 0


# --- one session's declarations ----------------------------------------------------------------


@dataclass(slots=True)
class _Trainee:
    trainee_id: str
    enrol: int
    exit: int
    dropout: bool
    reason: str | None
    suspend: int = -1
    resume: int = -1  # -1 with suspend >= 0: still suspended when leaving
    profile: dict[str, Any] = field(default_factory=dict)


def _profile(rng: random.Random, territory: str) -> dict[str, Any]:
    age = _weighted(rng, (AgeBand.UNDER_26.value, AgeBand.FROM_26_TO_44.value, AgeBand.FROM_45.value), (30, 48, 22))
    profile: dict[str, Any] = {
        "qualification": _weighted(
            rng, (Qualification.BELOW_BAC.value, Qualification.BAC.value, Qualification.ABOVE_BAC.value), (64, 27, 9)
        ),
        "age_band": age,
        # Young people sent by a Mission Locale are often not registered.
        "jobseeker_registered": rng.random() < (0.7 if age == AgeBand.UNDER_26 else 0.95),
    }
    rates = {
        PriorityPublic.QPV: 0.16 if territory not in _RURAL else 0.04,
        PriorityPublic.ZRR: 0.25 if territory in _RURAL else 0.06,
        PriorityPublic.DISABILITY: 0.09,
        PriorityPublic.MINIMUM_INCOME: 0.22,
        PriorityPublic.SINGLE_PARENT: 0.08,
        PriorityPublic.JUSTICE: 0.02,
        PriorityPublic.MIGRANT: 0.07,
        PriorityPublic.NEET: 0.35 if age == AgeBand.UNDER_26 else 0.0,
        PriorityPublic.INVISIBLE: 0.03,
    }
    for flag, rate in rates.items():
        if rng.random() < rate:
            profile[flag.value] = True
    return profile


def _plan_trainees(
    rng: random.Random, session: _Session, n_days: int, ids: Iterator[int], prefix: str
) -> list[_Trainee]:
    lot = session.lot
    count = max(1, min(session.capacity, round(session.capacity * rng.uniform(0.55, 1.0))))
    last = n_days - 1
    trainees: list[_Trainee] = []
    for _ in range(count):
        enrol = 0 if rng.random() < 0.75 or last < 2 else rng.randint(1, min(4, last - 1))
        dropout = last - enrol >= 2 and rng.random() < lot.dropout_p
        trainee = _Trainee(
            trainee_id=f"{prefix}{next(ids):06d}",
            enrol=enrol,
            exit=last,
            dropout=dropout,
            reason=None,
            profile=_profile(rng, lot.territory),
        )
        if dropout:
            # Dropouts happen mostly early in the course.
            trainee.exit = enrol + int((last - 1 - enrol) * rng.random() ** 1.6)
            trainee.reason = _weighted(rng, _DROPOUT_REASONS, _DROPOUT_WEIGHTS)
        span = trainee.exit - trainee.enrol
        if span >= 4 and rng.random() < 0.08:
            trainee.suspend = rng.randint(trainee.enrol + 1, trainee.exit - 2)
            if dropout and rng.random() < 0.4:
                # Left during the suspension (often for a job): no resumption.
                trainee.exit = rng.randint(trainee.suspend, trainee.exit)
                if trainee.reason not in (DropoutReason.RETURN_TO_WORK, DropoutReason.OTHER):
                    trainee.reason = DropoutReason.RETURN_TO_WORK.value
            else:
                trainee.resume = trainee.suspend + rng.randint(1, min(5, trainee.exit - 1 - trainee.suspend))
        trainees.append(trainee)
    return trainees


def _satisfaction_score(rng: random.Random, completed: bool) -> int:
    weights = (3, 5, 14, 36, 42) if completed else (12, 16, 26, 28, 18)
    return rng.choices((1, 2, 3, 4, 5), weights)[0]


# (emit date, local rank, command, tag); tag is True for a billable fact of the emit date's period,
# an _Exit for a valid exit, else None.
_Event = tuple[date, int, dict[str, Any], Any]


def _run_session(session: _Session, ids: Iterator[int], prefix: str, cal: _Calendar) -> Iterator[_Event]:
    """Every organisation command of one session, in date order (calendar dates of emission)."""
    rng = random.Random(session.seed)
    lot = session.lot
    sid = session.session_id
    days = session.planned_days()
    day_texts = [d.isoformat() for d in days]
    hpd = session.hours_per_day
    hpd_num = _num(hpd)
    trainees = _plan_trainees(rng, session, len(days), ids, prefix)
    certifying = lot.action_type == ActionType.CERTIFYING
    opening = lot.billing_unit == BillingUnit.OPENING_DAY
    trainer = lot.billing_unit == BillingUnit.TRAINER_HOUR
    by_hours = lot.billing_unit == BillingUnit.TRAINEE_HOUR
    main_trainer = f"F-{lot.index}-{session.number}"
    second_trainer = main_trainer + "-b" if rng.random() < 0.3 else ""
    pending: list[tuple[date, int, dict[str, Any]]] = []  # dated after their cause (satisfaction)
    rank = 0
    # Reservoir of one record of the current month, for a late correction after its closing.
    sample: tuple[str, dict[str, Any]] | None = None
    seen = 0

    def correction(kind: str, record: dict[str, Any]) -> dict[str, Any]:
        fixed = dict(record)
        if kind == "attendance.record":
            hours = float(record["hours_present"])
            new = hpd if hours < hpd else max(0.0, hpd - rng.choice((0.5, 1.0, 2.0)))
            fixed["hours_present"] = _num(new)
            fixed["absence"] = None if new == hpd else "justified"
        else:
            fixed["hours"] = _num(float(record["hours"]) + rng.choice((-1.0, -0.5, 0.5, 1.0)))
        return fixed

    for i, day in enumerate(days):
        text = day_texts[i]
        while pending and pending[0][0] < day:
            when, _, cmd = heapq.heappop(pending)
            rank += 1
            yield when, rank, cmd, None
        if i > 0 and day.month != days[i - 1].month:
            if sample is not None and rng.random() < 0.35:
                rank += 1
                yield day, rank, correction(*sample), None
            sample, seen = None, 0
        events: list[tuple[dict[str, Any], Any]] = []
        for t in trainees:
            if t.enrol == i:
                events.append(({"cmd": "trainee.enrol", "session_id": sid, "trainee_id": t.trainee_id,
                                "date": text, "profile": t.profile}, None))
        active = [t for t in trainees if t.enrol <= i <= t.exit]
        records: list[tuple[str, dict[str, Any]]] = []
        if active:
            if opening:
                events.append(({"cmd": "session.open_day", "session_id": sid, "date": text}, True))
            if trainer:
                cmd = {"cmd": "trainer.hours", "session_id": sid, "trainer_id": main_trainer, "date": text,
                       "hours": hpd_num}
                events.append((cmd, True))
                records.append(("trainer.hours", cmd))
                if second_trainer and rng.random() < 0.3:
                    events.append(({"cmd": "trainer.hours", "session_id": sid, "trainer_id": second_trainer,
                                    "date": text, "hours": rng.choice((1.5, 2, 2.5, 3, 3.5))}, True))
        for t in active:
            if t.resume == i:
                events.append(({"cmd": "trainee.resume", "session_id": sid, "trainee_id": t.trainee_id,
                                "date": text}, None))
            if t.suspend == i:
                events.append(({"cmd": "trainee.suspend", "session_id": sid, "trainee_id": t.trainee_id,
                                "date": text, "reason": rng.choice(_SUSPENSION_REASONS)}, None))
        for t in active:
            suspended = t.suspend >= 0 and t.suspend <= i and (t.resume < 0 or i < t.resume)
            if suspended:
                continue
            draw = rng.random()
            if t.dropout and i == t.exit:
                draw = 0.9 + draw * 0.1 if rng.random() < 0.5 else draw
            if t.dropout and t.reason == DropoutReason.UNJUSTIFIED_ABSENCE and i >= t.exit - 3:
                draw = max(draw, 0.97)
            if draw < 0.87:
                hours, absence = hpd, None
            elif draw < 0.93:
                hours = max(0.5, hpd - rng.choice((1.0, 1.5, 2.0, 3.5)))
                absence = "justified" if rng.random() < 0.55 else "unjustified"
            else:
                hours, absence = 0.0, ("justified" if draw < 0.96 else "unjustified")
            cmd = {"cmd": "attendance.record", "session_id": sid, "trainee_id": t.trainee_id, "date": text,
                   "hours_present": _num(hours), "absence": absence}
            events.append((cmd, True if by_hours and hours > 0 else None))
            records.append(("attendance.record", cmd))
        for t in active:
            if t.exit != i:
                continue
            if t.dropout:
                cmd = {"cmd": "trainee.dropout", "session_id": sid, "trainee_id": t.trainee_id, "date": text,
                       "reason": t.reason}
                answers = rng.random() < 0.25
            else:
                if certifying:
                    cert = _weighted(rng, tuple(c.value for c in (Certification.FULL, Certification.PARTIAL,
                                                                 Certification.NONE)), (62, 20, 18))
                else:
                    cert = Certification.NONE.value
                cmd = {"cmd": "trainee.complete", "session_id": sid, "trainee_id": t.trainee_id, "date": text,
                       "certification": cert}
                answers = rng.random() < 0.75
            events.append((cmd, _Exit(sid, t.trainee_id, day, not t.dropout, t.reason, lot.action_type)))
            if answers:
                when = min(day + timedelta(days=rng.choice((0, 0, 0, 1, 2, 3, 7))), cal.end)
                score = {"cmd": "satisfaction.record", "session_id": sid, "trainee_id": t.trainee_id,
                         "date": when.isoformat(), "score": _satisfaction_score(rng, not t.dropout)}
                if when == day:
                    events.append((score, None))
                else:
                    rank += 1
                    heapq.heappush(pending, (when, rank, score))
        for cmd, tag in events:
            rank += 1
            yield day, rank, cmd, tag
        for record in records:
            seen += 1
            if rng.random() * seen < 1:
                sample = record
    while pending:
        when, _, cmd = heapq.heappop(pending)
        rank += 1
        yield when, rank, cmd, None
    if sample is not None and days and rng.random() < 0.35:
        # A correction of the last month, sent early in the next one (after its closing).
        when = _add_months(date(days[-1].year, days[-1].month, 1), 1) + timedelta(days=rng.randint(1, 6))
        rank += 1
        yield when, rank, correction(*sample), None


# --- bad inputs --------------------------------------------------------------------------------


def _fault(rng: random.Random, cmd: dict[str, Any], holder: str, organisations: list[str]) -> dict[str, Any]:
    """A refused variant of a valid organisation command (it changes nothing in the system)."""
    name = cmd["cmd"]
    kinds = ["unknown_session", "foreign", "intruder"]
    if name in ("attendance.record", "trainer.hours"):
        kinds += ["negative", "decimals", "not_planned"]
    elif name == "session.open_day":
        kinds += ["not_planned", "not_planned"]
    elif name == "satisfaction.record":
        kinds += ["score", "score"]
    elif name == "trainee.dropout":
        kinds += ["reason", "reason"]
    elif name == "trainee.enrol":
        kinds += ["profile"]
    kind = rng.choice(kinds)
    bad = dict(cmd)
    hours_field = "hours" if name == "trainer.hours" else "hours_present"
    if kind == "unknown_session":
        bad["session_id"] = f"S-NOPE-{rng.randrange(1000)}"
    elif kind == "foreign":
        others = [org for org in organisations if org != holder]
        bad["as_organisation"] = rng.choice(others) if others else _INTRUDER
    elif kind == "intruder":
        bad["as_organisation"] = _INTRUDER
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
        bad["reason"] = rng.choice(_BAD_REASONS)
    else:
        bad["profile"] = {**cmd["profile"], "age_band": "60+"}
    return bad


# --- plans -------------------------------------------------------------------------------------


def _plan(rng: random.Random, lot: _Lot, cal: _Calendar) -> tuple[dict[str, Any], tuple[str, date] | None]:
    entries = sum(s.capacity for s in lot.sessions) * 0.78
    places = sum(s.capacity for s in lot.sessions)
    diagnosis = {
        dim.value: {"score": rng.randint(1, 5), "comment": ""} for dim in ImprovementDimension
    }
    indicators = [i.value for i in MilestoneIndicator]
    if lot.action_type != ActionType.CERTIFYING:
        indicators.remove(MilestoneIndicator.CERTIFICATION_RATE.value)
    milestones: list[dict[str, Any]] = []
    first_due = min(2, cal.months - 1)
    for k, indicator in enumerate(rng.sample(indicators, rng.choice((2, 3, 3)))):
        dimension, comparator, low, high = _TARGETS[indicator]
        threshold = round(rng.uniform(low, high), 2)
        denominator = {
            MilestoneIndicator.FILL_RATE: places,
            MilestoneIndicator.DROPOUT_RATE: entries,
            MilestoneIndicator.DROPOUT_EXCL_EMPLOYMENT_RATE: entries,
            MilestoneIndicator.RETURN_TO_WORK_6M_RATE: entries * 0.2,
            MilestoneIndicator.DURABLE_EMPLOYMENT_6M_RATE: entries * 0.2,
        }.get(MilestoneIndicator(indicator), entries * 0.35)
        scope = "lot" if rng.random() < 0.7 else "organisation"
        due = cal.month_end(rng.randint(first_due, cal.months - 1))
        milestones.append({
            "milestone_id": f"M-{lot.index:03d}-{k}",
            "dimension": dimension,
            "description": _TARGET_TEXT[indicator].format(
                v=threshold if indicator == MilestoneIndicator.SATISFACTION_AVG else f"{round(threshold * 100)} %"
            ),
            "due_on": due.isoformat(),
            "bonus_cents": rng.choice((0, 30_000, 50_000, 50_000, 100_000, 150_000)),
            "target": {"indicator": indicator, "scope": scope, "comparator": comparator, "threshold": threshold,
                       "min_sample": max(3, int(denominator * rng.uniform(0.3, 0.6)))},
        })
    manual: tuple[str, date] | None = None
    if rng.random() < 0.4:
        dimension, description = rng.choice(_MANUAL_MILESTONES)
        due = cal.month_end(rng.randint(first_due, cal.months - 1))
        milestone_id = f"M-{lot.index:03d}-m"
        milestones.append({
            "milestone_id": milestone_id, "dimension": dimension, "description": description,
            "due_on": due.isoformat(), "bonus_cents": rng.choice((20_000, 40_000, 80_000)), "target": None,
        })
        manual = (milestone_id, due)
    plan = {"cmd": "plan.create", "plan_id": f"PAS-{lot.index:03d}", "organisation_id": lot.holder,
            "lot_id": lot.lot_id, "order_id": lot.order_id, "diagnosis": diagnosis, "milestones": milestones}
    return plan, manual


# --- the generator -----------------------------------------------------------------------------


def _schedule(session: _Session) -> Iterator[dict[str, Any]]:
    days = session.planned_days()
    yield {"cmd": "session.schedule", "session_id": session.session_id, "order_id": session.lot.order_id,
           "starts_on": days[0].isoformat(), "ends_on": days[-1].isoformat(),
           "planned_days": [d.isoformat() for d in days], "hours_per_day": _num(session.hours_per_day),
           "capacity": session.capacity, "place": session.place}
    if session.cancelled:
        yield {"cmd": "session.cancel", "session_id": session.session_id}


def _outcome_status(rng: random.Random, exit_: _Exit) -> str:
    if exit_.completed:
        key = "complete_preparatory" if exit_.action_type == ActionType.PREPARATORY else "complete_qualifying"
    elif exit_.reason in (DropoutReason.RETURN_TO_WORK, DropoutReason.BUSINESS_CREATION):
        key = "dropout_return_to_work"
    elif exit_.reason == DropoutReason.OTHER_TRAINING:
        key = "dropout_other_training"
    else:
        key = "dropout"
    return _weighted(rng, _STATUSES, _OUTCOME_6M[key])


def generate(
    seed: int,
    lots: int,
    sessions_per_lot: int,
    months: int,
    faults: float = 0.02,
    start: date = date(2019, 9, 1),
) -> Iterator[dict[str, Any]]:
    """Yields a realistic programme's commands in file order (SCENARIO.md), deterministically.

    `faults` is the share of organisation commands followed (or preceded) by a refused variant
    (wrong credentials, unknown session, out-of-range value, day not planned...); with `faults`
    > 0 the back-office also sends a few refused commands (an order over budget, an order on an
    unsuccessful lot, a session over the lot's capacity, an approval of an unknown invoice).
    With `faults=0` every command is accepted by a correct system.
    """
    if lots < 1 or sessions_per_lot < 0 or months < 1:
        raise ValueError("lots and months must be at least 1, sessions_per_lot at least 0")
    if not 0.0 <= faults <= 1.0:
        raise ValueError("faults is a share between 0 and 1")
    return _generate(seed, lots, sessions_per_lot, months, faults, start)


def _generate(
    seed: int, lots: int, sessions_per_lot: int, months: int, faults: float, start: date
) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    cal = _Calendar(start, months)
    organisations, programme = _build_programme(rng, cal, lots, sessions_per_lot)
    fault_rng = random.Random(rng.getrandbits(64))
    office_rng = random.Random(rng.getrandbits(64))
    plan_rng = random.Random(rng.getrandbits(64))
    prefix = f"P{start.year}-"
    counter = iter(range(1, 1 << 62))

    # Tenders: budgets comfortably above the orders of their axis.
    tender_ids = {Axis.QUALIFYING.value: "T-Q", Axis.ESSENTIALS.value: "T-E", Axis.TRANSVERSE.value: "T-X"}
    titles = {Axis.QUALIFYING.value: "Parcours qualifiants (axe 1)",
              Axis.ESSENTIALS.value: "Les Essentiels (axe 2)",
              Axis.TRANSVERSE.value: "Actions transverses"}
    budgets: dict[str, int] = {}
    for axis, tender_id in tender_ids.items():
        committed = sum(lot.amount_cents for lot in programme if lot.axis == axis and not lot.unsuccessful)
        budgets[axis] = max(10_000_000, -(-int(committed * rng.uniform(1.2, 1.4)) // 1_000_000) * 1_000_000)
        yield {"cmd": "tender.publish", "tender_id": tender_id, "reference": f"{tender_id}-{start.year}",
               "title": titles[axis], "axis": axis, "procedure": "quote" if axis == Axis.TRANSVERSE else "open",
               "budget_cents": budgets[axis], "starts_on": start.isoformat(),
               "ends_on": (_add_months(start, 24) - timedelta(days=1)).isoformat()}

    numbers = dict.fromkeys(tender_ids.values(), 0)
    for lot in programme:
        tender_id = tender_ids[lot.axis]
        numbers[tender_id] += 1
        yield {"cmd": "lot.define", "lot_id": lot.lot_id, "tender_id": tender_id, "number": numbers[tender_id],
               "title": f"{_DOMAIN_LABELS[lot.domain]} - {TERRITORY_NAMES[Territory(lot.territory)]}",
               "territory": lot.territory, "domain": lot.domain, "action_type": lot.action_type,
               "billing_unit": lot.billing_unit, "unit_price_cents": lot.unit_price_cents,
               "session_capacity": lot.session_capacity, "return_to_work_bonus_cents": lot.bonus_cents,
               "additional_modules": lot.modules}
        if lot.unsuccessful:
            yield {"cmd": "lot.unsuccessful", "lot_id": lot.lot_id}
            continue
        yield {"cmd": "lot.award", "lot_id": lot.lot_id, "organisation_id": lot.holder,
               "organisation_name": lot.holder_name, "members": lot.members}
        yield {"cmd": "order.place", "order_id": lot.order_id, "lot_id": lot.lot_id,
               "amount_cents": lot.amount_cents}
        for session in lot.sessions:
            if session.start_month == 0:
                yield from _schedule(session)
    awarded = [lot for lot in programme if not lot.unsuccessful]
    if faults > 0:
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
    for territory, count in _JOBSEEKERS.items():
        yield {"cmd": "reference.jobseekers", "territory": territory,
               "count": round(count * rng.uniform(0.95, 1.05))}

    # The holders' improvement plans, before their first declarations.
    manual_due: dict[int, list[tuple[str, date]]] = {}
    for lot in awarded:
        plan, manual = _plan(plan_rng, lot, cal)
        yield plan
        if manual is not None:
            manual_due.setdefault(cal.index(manual[1]), []).append(manual)

    by_month: dict[int, list[_Session]] = {}  # sessions by start month, cancelled ones included
    for lot in awarded:
        for session in lot.sessions:
            by_month.setdefault(session.start_month, []).append(session)
    for sessions in by_month.values():
        sessions.sort(key=lambda s: s.order)

    heap: list[tuple[date, int, int, dict[str, Any], Any, Iterator[_Event], _Session]] = []
    # observation month → (exit, months after exit, status, observation date)
    outcomes: dict[int, list[tuple[_Exit, int, str, date]]] = {}
    activity: dict[int, dict[str, None]] = {}  # period → orders with billable facts (insertion order)

    def push(session: _Session, events: Iterator[_Event]) -> None:
        event = next(events, None)
        if event is not None:
            when, rank, cmd, tag = event
            heapq.heappush(heap, (when, session.order, rank, cmd, tag, events, session))

    def with_faults(cmd: dict[str, Any], holder: str) -> Iterator[dict[str, Any]]:
        if faults > 0 and fault_rng.random() < faults:
            bad = _fault(fault_rng, cmd, holder, organisations)
            if fault_rng.random() < 0.5:
                yield bad
                yield cmd
            else:
                yield cmd
                yield bad
        else:
            yield cmd

    def observe(exit_: _Exit) -> None:
        if office_rng.random() >= 0.9:
            return  # not reached by the follow-up survey
        status = _outcome_status(office_rng, exit_)
        for months_after, status_now in ((6, status), (12, _weighted(office_rng, _STATUSES, _OUTCOME_12M[status]))):
            observed = _add_months(exit_.on, months_after) + timedelta(days=office_rng.randint(0, 20))
            month = cal.index(observed)
            if month < months:
                outcomes.setdefault(month, []).append((exit_, months_after, status_now, observed))

    for m in range(months):
        for session in by_month.get(m, ()):
            if not session.cancelled:
                push(session, _run_session(session, counter, prefix, cal))
        end = cal.month_end(m)
        while heap and heap[0][0] <= end:
            _when, _order, _rank, cmd, tag, events, session = heapq.heappop(heap)
            yield from with_faults(cmd, session.lot.holder)
            if tag is True:
                activity.setdefault(m, {})[session.lot.order_id] = None
            elif tag is not None:
                observe(tag)
            push(session, events)

        # Back-office, after the month's declarations and before the next month's.
        observed = outcomes.pop(m, [])
        if observed:
            yield {"cmd": "clock.advance", "date": (end + timedelta(days=1)).isoformat()}
            for exit_, months_after, status, when in observed:
                yield {"cmd": "outcome.record", "session_id": exit_.session_id, "trainee_id": exit_.trainee_id,
                       "months_after_exit": months_after, "observed_on": when.isoformat(), "status": status}
        for milestone_id, due in manual_due.pop(m, []):
            verb = "milestone.validate" if office_rng.random() < 0.6 else "milestone.waive"
            yield {"cmd": verb, "milestone_id": milestone_id, "date": due.isoformat()}
        yield {"cmd": "period.close", "period": cal.period(m)}
        for p in (m - 1, m) if m == months - 1 else (m - 1,):
            for order_id in activity.pop(p, {}):
                if office_rng.random() < 0.9:
                    yield {"cmd": "invoice.approve", "order_id": order_id, "period": cal.period(p)}
                    if office_rng.random() < 0.85:
                        yield {"cmd": "invoice.pay", "order_id": order_id, "period": cal.period(p)}
        if faults > 0 and m == 0:
            yield {"cmd": "invoice.approve", "order_id": f"BC-{lots:03d}-X", "period": cal.period(0)}
        for session in by_month.get(m + 1, ()) if m + 1 < months else ():
            yield from _schedule(session)


def write_jsonl(path: str | Path, commands: Iterable[dict[str, Any]]) -> int:
    """Writes one JSON object per line (UTF-8, as the example scenarios); returns the count."""
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    with Path(path).open("w", encoding="utf-8") as out:
        for command in commands:
            out.write(dumps(command))
            out.write("\n")
            count += 1
    return count
