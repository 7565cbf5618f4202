"""Random draws shared by the generator's modules."""

from __future__ import annotations

import random


def weighted(rng: random.Random, values: tuple[str, ...], weights: tuple[int, ...]) -> str:
    return rng.choices(values, weights)[0]
