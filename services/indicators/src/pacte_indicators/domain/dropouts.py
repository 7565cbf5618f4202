"""The dropout analysis (issue 23): dropouts by reason × priority public × action type × course length,
by the week of the course they happen in, and the dropout rate with and without return to work.

A course's length is its planned days × its hours per day, in four bands (the seed notes that over a
quarter of low-qualified trainees on courses of 600 h and more interrupt them). The SQL that counts
(`adapters/sql/dropouts.py`) takes its bands from `LENGTH_BANDS`; rates follow INDICATORS.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Final

from pacte_contracts.codes import ActionType, DropoutReason
from pacte_contracts.rules import rate, rate_string

#: (code, lower bound in hours, included; upper bound, excluded). A session whose length is not known
#: (projected before sessions carried it) is in the band `unknown`.
LENGTH_BANDS: Final = (("under_150", 0, 150), ("150_299", 150, 300), ("300_599", 300, 600), ("600_plus", 600, None))
UNKNOWN_BAND: Final = "unknown"
#: The public of a trainee with no priority-public flag.
NO_PRIORITY_PUBLIC: Final = "none"


@dataclass(frozen=True, slots=True)
class Entrants:
    """Entries and dropouts of a group, all entrants and those below the baccalauréat. Adds up."""

    entries: int = 0
    dropouts: int = 0
    dropouts_excl_employment: int = 0
    below_bac_entries: int = 0
    below_bac_dropouts: int = 0
    below_bac_dropouts_excl_employment: int = 0

    def __add__(self, other: Entrants) -> Entrants:
        return Entrants(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def view(self) -> dict[str, Any]:
        return {**{f.name: getattr(self, f.name) for f in fields(self)},
                "dropout_rate": rate_string(rate(self.dropouts, self.entries)),
                "dropout_excl_employment_rate": rate_string(rate(self.dropouts_excl_employment, self.entries)),
                "below_bac_dropout_rate": rate_string(rate(self.below_bac_dropouts, self.below_bac_entries)),
                "below_bac_dropout_excl_employment_rate": rate_string(
                    rate(self.below_bac_dropouts_excl_employment, self.below_bac_entries))}


def band_codes() -> list[str]:
    return [code for code, _, _ in LENGTH_BANDS] + [UNKNOWN_BAND]


def _grouped(groups: Mapping[tuple[str, str], Entrants], position: int, codes: Iterable[str]) -> list[dict[str, Any]]:
    out = []
    for code in codes:
        total = sum((e for key, e in groups.items() if key[position] == code), Entrants())
        out.append({"code": code, **total.view()})
    return out


def analysis(scope: str, as_of: str | None, groups: Mapping[tuple[str, str], Entrants],
             cells: Iterable[tuple[str, str, str, str, int]],
             weeks: Iterable[tuple[int, str, int]]) -> dict[str, Any]:
    """``groups``: (action type, length band) → entrants; ``cells``: (reason, public, action type, band,
    dropouts); ``weeks``: (week of the course, reason, dropouts)."""
    by_week: dict[int, dict[str, int]] = {}
    for week, reason, n in weeks:
        by_week.setdefault(week, {})[reason] = n
    cell_list = [{"reason": r, "public": p, "action_type": a, "length_band": b, "dropouts": n}
                 for r, p, a, b, n in sorted(cells)]
    # Each dropout is in one week once (a trainee with two flags is in two cells).
    by_reason = {reason.value: sum(r.get(reason.value, 0) for r in by_week.values()) for reason in DropoutReason}
    return {
        "scope": scope, "as_of": as_of,
        "rates": sum(groups.values(), Entrants()).view(),
        "by_length_band": _grouped(groups, 1, band_codes()),
        "by_action_type": _grouped(groups, 0, [a.value for a in ActionType]),
        "by_week": [{"week": w, "dropouts": sum(r.values()),
                     "dropouts_excl_employment": sum(n for reason, n in r.items()
                                                     if reason != DropoutReason.RETURN_TO_WORK.value),
                     "by_reason": dict(sorted(r.items()))} for w, r in sorted(by_week.items())],
        "cells": cell_list,
        "by_reason": by_reason,
    }
