"""A session's trainees: who they are, when they enter, pause and leave, and how they rate it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pacte_cli.scenario.generator.draws import weighted
from pacte_cli.scenario.generator.pathways import Persons
from pacte_cli.scenario.generator.reference import RURAL
from pacte_cli.scenario.generator.skeleton import Session
from pacte_contracts.codes import AgeBand, DropoutReason, PriorityPublic, Qualification

#: The region's dropout reasons (DOMAIN.md table order) with realistic weights.
DROPOUT_REASONS: tuple[str, ...] = tuple(r.value for r in DropoutReason)
DROPOUT_WEIGHTS = (22, 17, 13, 9, 2, 14, 8, 15)
SUSPENSION_REASONS = (
    "Contrat court (mission d'intérim)", "Raison de santé", "Garde d'enfant",
    "Démarches administratives", "Période d'immersion en entreprise",
)


@dataclass(slots=True)
class Trainee:
    """A trainee's path through one session, in indexes of its planned days."""

    trainee_id: str
    enrol: int
    exit: int
    dropout: bool
    reason: str | None
    suspend: int = -1
    resume: int = -1  # -1 with suspend >= 0: still suspended when leaving
    profile: dict[str, Any] = field(default_factory=dict)


def plan_trainees(rng: random.Random, session: Session, days: list[date], ids: Iterator[int], prefix: str,
                  persons: Persons) -> list[Trainee]:
    lot = session.lot
    n_days = len(days)
    count = max(1, min(session.capacity, round(session.capacity * rng.uniform(0.55, 1.0))))
    last = n_days - 1
    trainees: list[Trainee] = []
    for _ in range(count):
        enrol = 0 if rng.random() < 0.75 or last < 2 else rng.randint(1, min(4, last - 1))
        dropout = last - enrol >= 2 and rng.random() < lot.dropout_p
        trainee = Trainee(trainee_id=f"{prefix}{next(ids):06d}", enrol=enrol, exit=last, dropout=dropout,
                          reason=None, profile=profile(rng, lot.territory))
        if dropout:
            # Dropouts happen mostly early in the course.
            trainee.exit = enrol + int((last - 1 - enrol) * rng.random() ** 1.6)
            trainee.reason = weighted(rng, DROPOUT_REASONS, DROPOUT_WEIGHTS)
        if trainee.exit - trainee.enrol >= 4 and rng.random() < 0.08:
            _pause(rng, trainee)
        trainee.profile["person_ref"] = person = persons.person_for(lot.action_type, session.starts_on)
        if not trainee.dropout and days[trainee.exit] <= session.horizon_end:
            persons.completed(person, lot.action_type, days[trainee.exit])
        trainees.append(trainee)
    return trainees


def _pause(rng: random.Random, trainee: Trainee) -> None:
    trainee.suspend = rng.randint(trainee.enrol + 1, trainee.exit - 2)
    if trainee.dropout and rng.random() < 0.4:
        # Left during the suspension (often for a job): no resumption.
        trainee.exit = rng.randint(trainee.suspend, trainee.exit)
        if trainee.reason not in (DropoutReason.RETURN_TO_WORK, DropoutReason.OTHER):
            trainee.reason = DropoutReason.RETURN_TO_WORK.value
    else:
        trainee.resume = trainee.suspend + rng.randint(1, min(5, trainee.exit - 1 - trainee.suspend))


def profile(rng: random.Random, territory: str) -> dict[str, Any]:
    age = weighted(rng, (AgeBand.UNDER_26.value, AgeBand.FROM_26_TO_44.value, AgeBand.FROM_45.value), (30, 48, 22))
    drawn: dict[str, Any] = {
        "qualification": weighted(
            rng, (Qualification.BELOW_BAC.value, Qualification.BAC.value, Qualification.ABOVE_BAC.value), (64, 27, 9)
        ),
        "age_band": age,
        # Young people sent by a Mission Locale are often not registered.
        "jobseeker_registered": rng.random() < (0.7 if age == AgeBand.UNDER_26 else 0.95),
    }
    for flag, rate in _priority_rates(territory, age).items():
        if rng.random() < rate:
            drawn[flag.value] = True
    return drawn


def _priority_rates(territory: str, age: str) -> dict[PriorityPublic, float]:
    return {
        PriorityPublic.QPV: 0.16 if territory not in RURAL else 0.04,
        PriorityPublic.ZRR: 0.25 if territory in RURAL else 0.06,
        PriorityPublic.DISABILITY: 0.09,
        PriorityPublic.MINIMUM_INCOME: 0.22,
        PriorityPublic.SINGLE_PARENT: 0.08,
        PriorityPublic.JUSTICE: 0.02,
        PriorityPublic.MIGRANT: 0.07,
        PriorityPublic.NEET: 0.35 if age == AgeBand.UNDER_26 else 0.0,
        PriorityPublic.INVISIBLE: 0.03,
    }


def satisfaction_score(rng: random.Random, completed: bool) -> int:
    weights = (3, 5, 14, 36, 42) if completed else (12, 16, 26, 28, 18)
    return rng.choices((1, 2, 3, 4, 5), weights)[0]
