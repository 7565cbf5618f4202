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
from typing import TypeVar

#: (scope, measure): "territory:69", "dropouts"
Cell = tuple[str, str]
#: cell → coefficient; a relation says sum(coefficient * value) == 0, a quantity is sum(coefficient * value).
Combination = Mapping[Cell, int]
_Key = TypeVar("_Key")


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
    withholding = Withholding(_Relations(table.relations), quantities)
    for cell in sorted({cell for q in quantities if len(q) == 1 for cell in q}):
        withholding.add(cell)
    while (exposed := withholding.first_exposed()) is not None:
        # One cell at a time, then check again: a cell withheld for one quantity often protects its
        # neighbours too, and withholding for each of them at once would hide more than needed.
        withholding.add(_companion(table, withholding, exposed))
    return frozenset(withholding.cells)


def recoverable(relations: Iterable[Combination], withheld: set[Cell] | frozenset[Cell],
                quantities: Iterable[Combination]) -> list[Combination]:
    """The quantities that the relations determine once every cell outside `withheld` is known."""
    quantities = list(quantities)
    withholding = Withholding(_Relations(relations), quantities)
    for cell in sorted(withheld):
        withholding.add(cell)
    return [q for q, safe in zip(quantities, withholding.safe, strict=True) if not safe]


class _Relations:
    """The table's relations, found by cell: a cell's column (its coefficient in each relation), and
    the relations a withheld cell reaches, without scanning the table each time."""

    def __init__(self, relations: Iterable[Combination]) -> None:
        self.all = tuple(relations)
        self.positions_of: dict[Cell, list[int]] = {}
        for position, relation in enumerate(self.all):
            for cell in relation:
                self.positions_of.setdefault(cell, []).append(position)

    def of(self, cell: Cell) -> list[Combination]:
        return [self.all[position] for position in self.positions_of.get(cell, ())]

    def column(self, cell: Cell) -> dict[int, int]:
        """The cell's coefficient in each relation, by the relation's position."""
        return {p: self.all[p][cell] for p in self.positions_of.get(cell, ()) if self.all[p][cell]}


class Withholding:
    """The withheld cells and what a reader can still recover, kept up to date one cell at a time.

    With the published cells known, the relations restricted to the withheld cells U are a matrix R
    whose columns are the cells of U. A quantity q is recoverable when q restricted to U is in the row
    space of R, that is when q is orthogonal to every vector of R's kernel (the ways the withheld cells
    can move together without breaking a relation). Withholding one more cell adds one column, so the
    kernel grows by at most one vector, found by reducing that column against the others (kept in
    echelon form, each with the combination of cells it came from). A quantity once protected stays
    protected, and trying a candidate cell costs one reduction instead of an elimination of the whole
    table: at a thousand lots this is what keeps the check from growing with the cube of the table.
    """

    def __init__(self, relations: _Relations, quantities: list[Combination]) -> None:
        self.relations = relations
        self.quantities = quantities
        self.cells: set[Cell] = set()
        self.safe = [False] * len(quantities)
        #: lowest relation position → (column in echelon form, the cells' combination that makes it)
        self._pivots: dict[int, tuple[dict[int, int], dict[Cell, int]]] = {}
        self._quantities_of: dict[Cell, list[int]] = {}
        for index, quantity in enumerate(quantities):
            for cell, c in quantity.items():
                if c:
                    self._quantities_of.setdefault(cell, []).append(index)
        self._first = 0

    def add(self, cell: Cell) -> None:
        if cell in self.cells:
            return
        self.cells.add(cell)
        column, origin = self._reduce(cell)
        if column:
            self._pivots[min(column)] = (column, origin)
            return
        for index in {i for c in origin for i in self._quantities_of.get(c, ())}:
            if not self.safe[index] and _dot(self.quantities[index], origin):
                self.safe[index] = True

    def first_exposed(self) -> Combination | None:
        while self._first < len(self.safe) and self.safe[self._first]:
            self._first += 1
        return self.quantities[self._first] if self._first < len(self.safe) else None

    def would_protect(self, cell: Cell, quantity: Combination) -> bool:
        """Whether withholding `cell` too makes `quantity` unrecoverable."""
        column, origin = self._reduce(cell)
        return not column and _dot(quantity, origin) != 0

    def _reduce(self, cell: Cell) -> tuple[dict[int, int], dict[Cell, int]]:
        """The cell's column minus multiples of the echelon columns that cancel its leading entries,
        lowest first, with the combination of cells it now stands for; an empty column means that
        combination is a kernel vector. Exact in integers, without fractions: the column is scaled by
        the pivot's leading coefficient instead of the pivot being divided by it, then both are divided
        by the gcd of their entries, which keeps the same relation (about three times faster than
        `Fraction` for the same answer)."""
        row, origin = self.relations.column(cell), {cell: 1}
        while True:
            leads = [p for p in row if p in self._pivots]
            if not leads:
                return row, origin
            lead = min(leads)
            pivot, pivot_origin = self._pivots[lead]
            scale, factor = pivot[lead], row[lead]
            common = gcd(scale, factor)
            scale, factor = scale // common, factor // common
            if scale != 1:
                row = {p: v * scale for p, v in row.items()}
                origin = {c: v * scale for c, v in origin.items()}
            _subtract(row, factor, pivot)
            _subtract(origin, factor, pivot_origin)
            divisor = gcd(*row.values(), *origin.values())
            if divisor > 1:
                row = {p: v // divisor for p, v in row.items()}
                origin = {c: v // divisor for c, v in origin.items()}


def _subtract(vector: dict[_Key, int], factor: int, other: Mapping[_Key, int]) -> None:
    for key, value in other.items():
        updated = vector.get(key, 0) - factor * value
        if updated:
            vector[key] = updated
        else:
            vector.pop(key, None)


def _dot(quantity: Combination, vector: Mapping[Cell, int]) -> int:
    return sum(c * vector.get(cell, 0) for cell, c in quantity.items())


def _companion(table: Table, withholding: Withholding, quantity: Combination) -> Cell:
    """The published cell to withhold next, among the known cells of the quantity and of the relations
    that reach it through withheld cells (the ways it can be rebuilt): the smallest that makes the
    quantity unrecoverable on its own, else the smallest (the next round goes on from there).
    Non-zero cells first: a withheld 0 protects little from a reader who knows the rule."""
    withheld = withholding.cells
    near = {cell for cell in quantity if cell not in withheld}
    frontier = [cell for cell in quantity if cell in withheld]
    reached = set(frontier)
    while frontier:
        for relation in withholding.relations.of(frontier.pop()):
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
        if withholding.would_protect(cell, quantity):
            return cell
    return candidates[0]


def _order(item: tuple[Cell, object]) -> Cell:
    return item[0]
