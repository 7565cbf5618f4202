"""Chained pathways ("parcours sans couture", issue 22): every trainee carries a person_ref (their
identifiant France Travail), and part of the trainees of certifying and professionalising sessions are
people who completed an Essentials session at most 90 days before their session starts, at the same
organisation or another, so the pathway indicators and the continuity bonus have something to show.
Every Essentials lot pays a continuity bonus (`continuity_bonus_cents`, docs/continuity-bonus.md).

Drawn from a generator of its own, so the sessions' draws (and so every other line) stay as they were."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from pacte_cli.scenario.generator.skeleton import Lot
from pacte_contracts.codes import ActionType

#: Share of a next step's trainees drawn among the people who recently completed an Essentials session.
CHAINED_SHARE = 0.35
WINDOW = timedelta(days=90)
NEXT_STEPS = (ActionType.CERTIFYING.value, ActionType.PROFESSIONALISING.value)
#: A continuity bonus per person who goes on, about a tenth of an Essentials course's price per trainee.
CONTINUITY_BONUSES_CENTS = (30_000, 40_000, 50_000, 60_000)


def continuity_bonuses(seed: int, programme: list[Lot]) -> None:
    """Each Essentials lot's continuity bonus, drawn from a generator of its own (the other draws stay)."""
    rng = random.Random(f"continuity:{seed}")
    for lot in programme:
        if lot.action_type == ActionType.PREPARATORY.value:
            lot.continuity_bonus_cents = rng.choice(CONTINUITY_BONUSES_CENTS)


@dataclass
class Persons:
    rng: random.Random
    number: int = 0
    #: (completion day, person_ref) of Essentials completers not yet gone on, in the order they were planned.
    completers: list[tuple[date, str]] = field(default_factory=list)

    @classmethod
    def for_seed(cls, seed: int) -> Persons:
        return cls(random.Random(f"pathways:{seed}"))

    def person_for(self, action_type: str, starts_on: date) -> str:
        """A new person, or for a next step sometimes one who completed Essentials within the window."""
        if action_type in NEXT_STEPS and self.rng.random() < CHAINED_SHARE:
            ready = [i for i, (day, _) in enumerate(self.completers) if day <= starts_on <= day + WINDOW]
            if ready:
                return self.completers.pop(self.rng.choice(ready))[1]
        self.number += 1
        return f"{self.number:07d}{self.rng.choice(string.ascii_uppercase)}"

    def completed(self, person_ref: str, action_type: str, day: date) -> None:
        if action_type == ActionType.PREPARATORY.value:
            self.completers.append((day, person_ref))
