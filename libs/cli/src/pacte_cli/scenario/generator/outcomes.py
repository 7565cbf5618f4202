"""Where trainees are 6 and 12 months after leaving, as the follow-up survey observes it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from pacte_cli.scenario.generator.calendar import add_months
from pacte_cli.scenario.generator.draws import weighted
from pacte_contracts.codes import ActionType, DropoutReason, OutcomeStatus

STATUSES = tuple(s.value for s in OutcomeStatus)
#: 6-month outcome weights (employed_durable, employed_other, training, jobseeker, unknown).
OUTCOME_6M: dict[str, tuple[int, ...]] = {
    "complete_qualifying": (32, 22, 8, 28, 10),
    "complete_preparatory": (10, 14, 40, 26, 10),
    "dropout_return_to_work": (45, 40, 2, 8, 5),
    "dropout_other_training": (5, 5, 60, 20, 10),
    "dropout": (8, 15, 12, 50, 15),
}
#: 12-month outcome weights given the 6-month status.
OUTCOME_12M: dict[str, tuple[int, ...]] = {
    "employed_durable": (85, 6, 1, 6, 2),
    "employed_other": (30, 45, 3, 18, 4),
    "training": (30, 20, 25, 20, 5),
    "jobseeker": (12, 20, 8, 52, 8),
    "unknown": (10, 10, 5, 20, 55),
}


@dataclass(slots=True)
class Exit:
    session_id: str
    trainee_id: str
    on: date
    completed: bool
    reason: str | None
    action_type: str


@dataclass(slots=True)
class Observation:
    exit: Exit
    months_after: int
    status: str
    on: date


def observations(rng: random.Random, exit_: Exit) -> list[Observation]:
    """The 6- and 12-month observations of one exit; none for the trainees the survey does not reach."""
    if rng.random() >= 0.9:
        return []
    status = _status_at_6_months(rng, exit_)
    found = []
    for months_after, status_now in ((6, status), (12, weighted(rng, STATUSES, OUTCOME_12M[status]))):
        observed = add_months(exit_.on, months_after) + timedelta(days=rng.randint(0, 20))
        found.append(Observation(exit_, months_after, status_now, observed))
    return found


def _status_at_6_months(rng: random.Random, exit_: Exit) -> str:
    if exit_.completed:
        key = "complete_preparatory" if exit_.action_type == ActionType.PREPARATORY else "complete_qualifying"
    elif exit_.reason in (DropoutReason.RETURN_TO_WORK, DropoutReason.BUSINESS_CREATION):
        key = "dropout_return_to_work"
    elif exit_.reason == DropoutReason.OTHER_TRAINING:
        key = "dropout_other_training"
    else:
        key = "dropout"
    return weighted(rng, STATUSES, OUTCOME_6M[key])
