"""Properties: the confidentiality check (a kernel of the withheld cells' columns kept in integers,
one cell at a time) says a quantity is recoverable exactly when linear algebra over the rationals
does, and secondary suppression withholds what the plain algorithm, checking everything again after
each cell, withholds.

The reference here is written apart: a quantity restricted to the withheld cells is recoverable when
adding it to the restricted relations does not raise their rank (computed with `Fraction`).
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from pacte_opendata.domain.confidentiality import Cell, Combination, Table, protected, recoverable, suppress

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


def reference_suppress(table: Table, threshold: int) -> set[Cell]:
    """Secondary suppression as the rule states it: while a protected quantity is recoverable, withhold
    the smallest near cell that protects it alone (else the smallest), every check from scratch."""
    quantities = protected(table, threshold)
    withheld = {cell for q in quantities if len(q) == 1 for cell in q}
    while exposed := [q for q in quantities if follows(list(table.relations), withheld, q)]:
        quantity = exposed[0]
        near = {c for c in quantity if c not in withheld}
        frontier, reached = [c for c in quantity if c in withheld], set()
        while frontier:
            cell = frontier.pop()
            reached.add(cell)
            for relation in (r for r in table.relations if cell in r):
                near |= {c for c in relation if c not in withheld}
                frontier += [c for c in relation if c in withheld and c not in reached and c not in frontier]
        near = near or {c for c in table.values if c not in withheld}
        candidates = sorted(near, key=lambda c: (table.values[c] == 0, table.values[c], c))
        withheld.add(next((c for c in candidates if not follows(list(table.relations), withheld | {c}, quantity)),
                          candidates[0]))
    return withheld


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """Scopes of parts summing to a total, some totals summing to a grand total, and groups."""
    scopes = draw(st.integers(1, 4))
    values: dict[Cell, int] = {}
    relations: list[Combination] = []
    for s in range(scopes):
        parts = [(f"scope:{s}", f"part{p}") for p in range(draw(st.integers(1, 3)))]
        for part in parts:
            values[part] = draw(st.integers(0, 12))
        values[(f"scope:{s}", "total")] = sum(values[p] for p in parts)
        relations.append({(f"scope:{s}", "total"): 1, **{p: -1 for p in parts}})
    values[("all", "total")] = sum(values[(f"scope:{s}", "total")] for s in range(scopes))
    relations.append({("all", "total"): 1, **{(f"scope:{s}", "total"): -1 for s in range(scopes)}})
    cells = sorted(values)
    members = st.dictionaries(st.sampled_from(cells), st.integers(-1, 1), min_size=2, max_size=3)
    groups = {("group", str(g)): draw(members) for g in range(draw(st.integers(0, 2)))}
    return Table(values, tuple(relations), groups)


@settings(max_examples=300, deadline=None)
@given(table=tables())
def test_suppression_withholds_what_the_plain_algorithm_withholds(table: Table) -> None:
    withheld = suppress(table, 5)
    assert withheld == reference_suppress(table, 5)
    assert not recoverable(table.relations, withheld, protected(table, 5))
