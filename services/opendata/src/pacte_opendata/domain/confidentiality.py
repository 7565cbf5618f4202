"""Statistical confidentiality of a table of counts (pure): primary and secondary suppression.

A table is a set of published cells (integers), linear relations that hold between them (a total is
the sum of its parts: the programme is the sum of its territories, dropouts the sum of their
reasons), and the protected quantities: each cell, and the groups of people a reader could compute
from cells (completions = exits - dropouts...), each a linear combination of cells.

A protected quantity whose value is below the threshold (and not 0) must not be recoverable from
what is published: after withholding a set U of cells, a quantity q is recoverable when, restricted
to U, it lies in the span of the relations restricted to U (the published cells are constants, and
every combination of the relations holds). Primary suppression withholds the small cells; secondary
suppression then withholds, while some small quantity stays recoverable, the smallest non-zero cell
that shares its support or a relation with it, and checks again. Checking is exact (Gaussian
elimination in integers), so a withheld cell is never rebuilt by differences of totals, however many
relations are combined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from math import gcd

#: (scope, measure): "territory:69", "dropouts"
Cell = tuple[str, str]
#: cell → coefficient; a relation says sum(coefficient * value) == 0, a quantity is sum(coefficient * value).
Combination = Mapping[Cell, int]


@dataclass(frozen=True)
class Table:
    values: Mapping[Cell, int]
    relations: tuple[Combination, ...]
    #: name → combination of cells; every cell is protected by itself, these are the groups beside them.
    groups: Mapping[tuple[str, str], Combination] = field(default_factory=dict)
    #: cells protected by another count than their own value (a sum of scores, by its number of responses)
    sensitive_sums: frozenset[Cell] = frozenset()

    def value(self, combination: Combination) -> int:
        return sum(c * self.values[cell] for cell, c in combination.items())


def is_small(count: int, threshold: int) -> bool:
    """A count that identifies too few people to be published: 1 to threshold - 1 (a 0 reveals no one)."""
    return 0 < count < threshold


def protected(table: Table, threshold: int) -> list[Combination]:
    """The quantities that must not be recoverable: small cells, small sums and small groups."""
    cells = [{cell: 1} for cell, v in sorted(table.values.items(), key=_order) if is_small(v, threshold)]
    sums = [{cell: 1} for cell in sorted(table.sensitive_sums)]
    groups = [g for _, g in sorted(table.groups.items(), key=_order) if is_small(table.value(g), threshold)]
    return cells + sums + groups


def suppress(table: Table, threshold: int) -> frozenset[Cell]:
    """The cells to withhold so that no protected quantity can be recovered."""
    quantities = protected(table, threshold)
    withheld = {cell for q in quantities if len(q) == 1 for cell in q}
    relations = _Relations(table.relations)
    while True:
        exposed = recoverable(relations.touching(withheld), withheld, quantities)
        if not exposed:
            return frozenset(withheld)
        # One cell at a time, then check again: a cell withheld for one quantity often protects its
        # neighbours too, and withholding for each of them at once would hide more than needed.
        withheld.add(_companion(table, withheld, exposed[0], relations))


class _Relations:
    """The table's relations, found by cell: only those with a withheld cell constrain anything (the
    others restrict to nothing), and at a thousand lots they are a small part of the table."""

    def __init__(self, relations: Iterable[Combination]) -> None:
        self.all = tuple(relations)
        self.positions_of: dict[Cell, list[int]] = {}
        for position, relation in enumerate(self.all):
            for cell in relation:
                self.positions_of.setdefault(cell, []).append(position)

    def of(self, cell: Cell) -> list[Combination]:
        return [self.all[position] for position in self.positions_of.get(cell, ())]

    def touching(self, cells: Iterable[Cell]) -> list[Combination]:
        """Those with one of `cells`, in the table's order."""
        positions = {position for cell in cells for position in self.positions_of.get(cell, ())}
        return [self.all[position] for position in sorted(positions)]


def recoverable(relations: Iterable[Combination], withheld: set[Cell] | frozenset[Cell],
                quantities: Iterable[Combination]) -> list[Combination]:
    """The quantities that the relations determine once every cell outside `withheld` is known."""
    columns: dict[Cell, int] = {}
    pivots: dict[int, dict[int, int]] = {}
    for relation in relations:
        reduced = _reduce(_restricted(relation, withheld, columns), pivots)
        if reduced:
            pivots[min(reduced)] = reduced
    return [q for q in quantities if not _reduce(_restricted(q, withheld, columns), pivots)]


def _restricted(combination: Combination, withheld: set[Cell] | frozenset[Cell],
                columns: dict[Cell, int]) -> dict[int, int]:
    return {columns.setdefault(cell, len(columns)): c for cell, c in combination.items() if c and cell in withheld}


def _reduce(row: dict[int, int], pivots: Mapping[int, Mapping[int, int]]) -> dict[int, int]:
    """`row` minus multiples of the pivot rows that cancel its pivot columns, lowest column first
    (echelon form). Exact in integers, without fractions: the row is scaled by the pivot's leading
    coefficient instead of the pivot being divided by it, then divided by the gcd of its entries,
    which spans the same line (about three times faster than `Fraction` for the same answer)."""
    row = dict(row)
    while True:
        leads = [c for c in row if c in pivots]
        if not leads:
            return row
        lead = min(leads)
        pivot = pivots[lead]
        scale, factor = pivot[lead], row[lead]
        common = gcd(scale, factor)
        scale, factor = scale // common, factor // common
        if scale != 1:
            row = {column: value * scale for column, value in row.items()}
        for column, value in pivot.items():
            updated = row.get(column, 0) - factor * value
            if updated:
                row[column] = updated
            else:
                row.pop(column, None)
        divisor = gcd(*row.values()) if row else 1
        if divisor > 1:
            row = {column: value // divisor for column, value in row.items()}


def _companion(table: Table, withheld: set[Cell], quantity: Combination, relations: _Relations) -> Cell:
    """The published cell to withhold next, among the known cells of the quantity and of the relations
    that reach it through withheld cells (the ways it can be rebuilt): the smallest that makes the
    quantity unrecoverable on its own, else the smallest (the next round goes on from there).
    Non-zero cells first: a withheld 0 protects little from a reader who knows the rule."""
    near = {cell for cell in quantity if cell not in withheld}
    frontier = [cell for cell in quantity if cell in withheld]
    reached = set(frontier)
    while frontier:
        for relation in relations.of(frontier.pop()):
            for cell in relation:
                if cell not in withheld:
                    near.add(cell)
                elif cell not in reached:
                    reached.add(cell)
                    frontier.append(cell)
    if not near:
        near = {c for c in table.values if c not in withheld}
    if not near:
        raise ValueError("every cell is withheld and a quantity is still recoverable")
    candidates = sorted(near, key=lambda c: (table.values[c] == 0, table.values[c], c))
    for cell in candidates:
        trial = withheld | {cell}
        if not recoverable(relations.touching(trial), trial, [quantity]):
            return cell
    return candidates[0]


def _order(item: tuple[Cell, object]) -> Cell:
    return item[0]
