"""Each lot's axis, action type, domain and return-to-work bonus."""

from __future__ import annotations

import random

from pacte_cli.scenario.generator.draws import weighted
from pacte_cli.scenario.generator.reference import TRADE_DOMAINS
from pacte_cli.scenario.generator.skeleton import Lot
from pacte_contracts.codes import AXIS_TARGETS, ActionType, Axis, Domain


def assign_axes(rng: random.Random, programme: list[Lot]) -> None:
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
        _kind_of_action(rng, lot, axis)
        qualifying = axis is Axis.QUALIFYING
        lot.bonus_cents = rng.choice((0, 20_000, 30_000, 50_000)) if qualifying or rng.random() < 0.2 else 0


def _kind_of_action(rng: random.Random, lot: Lot, axis: Axis) -> None:
    if axis is Axis.ESSENTIALS:
        lot.action_type = ActionType.PREPARATORY.value
        lot.domain = Domain.TRANSVERSE.value if rng.random() < 0.5 else rng.choice(TRADE_DOMAINS)
    elif axis is Axis.QUALIFYING:
        lot.action_type = weighted(rng, (ActionType.CERTIFYING.value, ActionType.PROFESSIONALISING.value), (70, 30))
        lot.domain = rng.choice(TRADE_DOMAINS)
    else:
        lot.action_type = rng.choice(tuple(a.value for a in ActionType))
        lot.domain = Domain.TRANSVERSE.value if rng.random() < 0.6 else rng.choice(TRADE_DOMAINS)
