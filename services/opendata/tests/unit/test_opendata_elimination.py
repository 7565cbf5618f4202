"""Property: the confidentiality check's elimination (in integers, over the relations that touch a
withheld cell) says a quantity is recoverable exactly when linear algebra over the rationals does.

The reference here is written apart: a quantity restricted to the withheld cells is recoverable when
adding it to the restricted relations does not raise their rank (computed with `Fraction`).
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from pacte_opendata.domain.confidentiality import Cell, Combination, recoverable

CELLS: list[Cell] = [(f"scope:{s}", m) for s in range(4) for m in ("entries", "exits", "dropouts")]
combinations = st.dictionaries(st.sampled_from(CELLS), st.integers(-3, 3), min_size=1, max_size=6)


def rank(rows: list[dict[Cell, Fraction]]) -> int:
    rows = [dict(r) for r in rows]
    found = 0
    columns = sorted({c for r in rows for c in r})
    for column in columns:
        pivot = next((r for r in rows[found:] if r.get(column)), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        rows.insert(found, pivot)
        for other in rows[found + 1:]:
            if other.get(column):
                factor = other[column] / pivot[column]
                for c, v in pivot.items():
                    other[c] = other.get(c, Fraction(0)) - factor * v
        found += 1
    return found


def restricted(combination: Combination, withheld: set[Cell]) -> dict[Cell, Fraction]:
    return {c: Fraction(v) for c, v in combination.items() if v and c in withheld}


def follows(relations: list[Combination], withheld: set[Cell], quantity: Combination) -> bool:
    known = [restricted(r, withheld) for r in relations]
    return rank(known) == rank([*known, restricted(quantity, withheld)])


@settings(max_examples=400, deadline=None)
@given(relations=st.lists(combinations, max_size=8), quantities=st.lists(combinations, min_size=1, max_size=5),
       withheld=st.sets(st.sampled_from(CELLS)))
def test_recoverable_agrees_with_rational_rank(relations: list[Combination], quantities: list[Combination],
                                               withheld: set[Cell]) -> None:
    expected = [q for q in quantities if follows(relations, withheld, q)]
    assert recoverable(relations, withheld, quantities) == expected
