"""Property: on random programmes, no count below the threshold (a cell, a sum of satisfaction scores,
or a group of people such as completions = exits - dropouts) can be rebuilt from what is published.

The reader here is written apart from the publication code: from the published figures alone it
writes every equation it knows (each published count, each rate times its published denominator,
the programme as the sum of the scopes of each kind, dropouts as the sum of their reasons) and asks
whether a small quantity follows from them by any linear combination.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacte_contracts.codes import DropoutReason
from pacte_contracts.indicators import PublicScopeCounts
from pacte_opendata.domain.public_indicators import THRESHOLD, PublishedScope, publish

REASONS = [r.value for r in DropoutReason]
KINDS = ("axis", "territory", "domain", "action_type", "organisation")


@dataclass(frozen=True)
class Stay:
    lot: int
    status: str  # in_training, completed, dropped_out
    reason: str | None
    certification: str | None
    outcome_6m: str | None
    outcome_12m: str | None
    score: int | None


lots = st.lists(st.fixed_dictionaries({
    "axis": st.sampled_from(["qualifying", "essentials", "transverse"]),
    "territory": st.sampled_from(["01", "38", "43", "69"]),
    "domain": st.sampled_from(["digital", "energy", "sales"]),
    "action_type": st.sampled_from(["preparatory", "certifying", "professionalising"]),
    "organisation": st.sampled_from(["OF-1", "OF-2", "OF-3", "OF-4", "OF-5"]),
}), min_size=1, max_size=7)
outcomes = st.sampled_from([None, "unknown", "employed_durable", "employed_other", "jobseeker", "training"])


@st.composite
def stays(draw: st.DrawFn, lot_count: int) -> list[Stay]:
    result = []
    for _ in range(draw(st.integers(0, 70))):
        status = draw(st.sampled_from(["in_training", "completed", "completed", "dropped_out"]))
        exited = status != "in_training"
        result.append(Stay(
            lot=draw(st.integers(0, lot_count - 1)), status=status,
            reason=draw(st.sampled_from(REASONS)) if status == "dropped_out" else None,
            certification=draw(st.sampled_from(["none", "partial", "full"])) if status == "completed" else None,
            outcome_6m=draw(outcomes) if exited else None, outcome_12m=draw(outcomes) if exited else None,
            score=draw(st.one_of(st.none(), st.integers(1, 5))) if exited else None,
        ))
    return result


@st.composite
def programmes(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[Stay]]:
    lot_list = draw(lots)
    return lot_list, draw(stays(len(lot_list)))


def aggregate(lot_list: list[dict[str, str]], stay_list: list[Stay]) -> dict[str, PublicScopeCounts]:
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    reasons: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for stay in stay_list:
        lot = lot_list[stay.lot]
        exited = stay.status != "in_training"
        employed = ("employed_durable", "employed_other")
        add = {
            "entries": 1, "exits": exited, "dropouts": stay.status == "dropped_out",
            "certifying_exits": exited and lot["action_type"] == "certifying",
            "full_certifications": lot["action_type"] == "certifying" and stay.certification == "full",
            "partial_certifications": lot["action_type"] == "certifying" and stay.certification == "partial",
            "outcomes_6m": stay.outcome_6m not in (None, "unknown"), "employed_6m": stay.outcome_6m in employed,
            "durable_6m": stay.outcome_6m == "employed_durable",
            "outcomes_12m": stay.outcome_12m not in (None, "unknown"), "employed_12m": stay.outcome_12m in employed,
            "responses": stay.score is not None, "score_sum": stay.score or 0,
        }
        for scope in ["programme", *(f"{kind}:{lot[kind]}" for kind in KINDS)]:
            for name, value in add.items():
                totals[scope][name] += int(value)
            if stay.reason:
                reasons[scope][stay.reason] += 1
    return {scope: PublicScopeCounts(places_offered=100, dropouts_by_reason=dict(reasons[scope]), committed_cents=1,
                                     invoiced_cents=1, paid_cents=0, **{k: values[k] for k in (
                                         "entries", "exits", "dropouts", "certifying_exits", "full_certifications",
                                         "partial_certifications", "outcomes_6m", "employed_6m", "durable_6m",
                                         "outcomes_12m", "employed_12m", "responses", "score_sum")})
            for scope, values in totals.items()}


# ---- the reader -------------------------------------------------------------------------------

CELLS = ("entries", "exits", "dropouts", *(f"reason.{r}" for r in REASONS), "certifying_exits",
         "full_certifications", "partial_certifications", "outcomes_6m", "employed_6m", "durable_6m", "outcomes_12m",
         "employed_12m", "responses", "score_sum")
RATE_NUMERATORS = {
    "dropout_rate": ({"dropouts": 1}, "entries"),
    "dropout_excl_employment_rate": ({"dropouts": 1, "reason.return_to_work": -1}, "entries"),
    "certification_rate": ({"full_certifications": 1}, "certifying_exits"),
    "partial_certification_rate": ({"partial_certifications": 1}, "certifying_exits"),
    "return_to_work_6m_rate": ({"employed_6m": 1}, "outcomes_6m"),
    "durable_employment_6m_rate": ({"durable_6m": 1}, "outcomes_6m"),
    "return_to_work_12m_rate": ({"employed_12m": 1}, "outcomes_12m"),
    "satisfaction_avg": ({"score_sum": 1}, "responses"),
    "satisfaction_response_rate": ({"responses": 1}, "exits"),
}
GROUPS = [  # groups of people a reader can name (and the complement of each published rate)
    {"exits": 1, "dropouts": -1}, {"entries": 1, "exits": -1}, {"entries": 1, "dropouts": -1},
    {"dropouts": 1, "reason.return_to_work": -1}, {"entries": 1, "dropouts": -1, "reason.return_to_work": 1},
    {"certifying_exits": 1, "full_certifications": -1, "partial_certifications": -1},
    {"certifying_exits": 1, "full_certifications": -1}, {"certifying_exits": 1, "partial_certifications": -1},
    {"outcomes_6m": 1, "employed_6m": -1}, {"outcomes_6m": 1, "durable_6m": -1}, {"employed_6m": 1, "durable_6m": -1},
    {"outcomes_12m": 1, "employed_12m": -1}, {"exits": 1, "responses": -1},
]

Vector = dict[tuple[str, str], Fraction]


def reader_knowledge(published: list[PublishedScope]) -> list[tuple[Vector, Fraction]]:
    """Every equation (vector · cells = value) a reader can write from the publication."""
    equations: list[tuple[Vector, Fraction]] = []
    by_kind: dict[str, list[str]] = defaultdict(list)
    for row in published:
        scope, figures = row.scope, row.figures
        by_kind[row.scope_type].append(scope)
        for name, value in figures.items():
            cell = f"reason.{name.split('.')[1]}" if name.startswith("dropouts_by_reason.") else name
            if cell in CELLS and value is not None:
                equations.append(({(scope, cell): Fraction(1)}, Fraction(int(value))))  # type: ignore[arg-type]
        for name, (numerator, denominator) in RATE_NUMERATORS.items():
            value, base = figures[name], figures.get(denominator)
            if value is not None and base is not None:
                recovered = Fraction(round(Decimal(str(value)) * int(base)))  # type: ignore[arg-type]
                equations.append(({(scope, c): Fraction(k) for c, k in numerator.items()}, recovered))
        equations.append(({(scope, "dropouts"): Fraction(1),
                           **{(scope, f"reason.{r}"): Fraction(-1) for r in REASONS}}, Fraction(0)))
        if scope == "action_type:certifying":
            equations.append(({(scope, "certifying_exits"): Fraction(1), (scope, "exits"): Fraction(-1)}, Fraction(0)))
    for kind in KINDS:
        for cell in CELLS:
            if by_kind[kind]:
                equations.append(({("programme", cell): Fraction(1),
                                   **{(s, cell): Fraction(-1) for s in by_kind[kind]}}, Fraction(0)))
    return equations


class Reader:
    """The span of the reader's equations, in reduced row echelon form (exact, rational)."""

    def __init__(self, equations: list[tuple[Vector, Fraction]]) -> None:
        self.pivots: dict[tuple[str, str], Vector] = {}
        for vector, _ in equations:
            reduced = self.reduce(vector)
            if reduced:
                column = min(reduced)
                row = {k: v / reduced[column] for k, v in reduced.items()}
                self.pivots = {c: _eliminate(r, column, row) for c, r in self.pivots.items()}
                self.pivots[column] = row

    def reduce(self, vector: Vector) -> Vector:
        result = {k: v for k, v in vector.items() if v}
        for column in [c for c in result if c in self.pivots]:
            result = _eliminate(result, column, self.pivots[column])
        return result

    def follows(self, quantity: Vector) -> bool:
        """Whether `quantity` is a linear combination of the equations' left sides."""
        return not self.reduce(quantity)


def _eliminate(row: Vector, column: tuple[str, str], pivot: Vector) -> Vector:
    factor = row.get(column)
    if not factor:
        return row
    result = dict(row)
    for k, v in pivot.items():
        result[k] = result.get(k, Fraction(0)) - factor * v
    return {k: v for k, v in result.items() if v}


def small_quantities(counts: Mapping[str, PublicScopeCounts]) -> list[tuple[str, Vector]]:
    small: list[tuple[str, Vector]] = []
    for scope, c in counts.items():
        values = {"entries": c.entries, "exits": c.exits, "dropouts": c.dropouts,
                  **{f"reason.{r}": c.dropouts_by_reason.get(r, 0) for r in REASONS},
                  **{k: getattr(c, k) for k in CELLS if hasattr(c, k)}}
        for cell in CELLS:
            if 0 < values[cell] < THRESHOLD or (cell == "score_sum" and 0 < c.responses < THRESHOLD):
                small.append((f"{scope} {cell}={values[cell]}", {(scope, cell): Fraction(1)}))
        for group in GROUPS:
            value = sum(k * values[cell] for cell, k in group.items())
            if 0 < value < THRESHOLD:
                small.append((f"{scope} {group}={value}", {(scope, cell): Fraction(k) for cell, k in group.items()}))
    return small


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_no_small_count_can_be_rebuilt_from_the_publication(programme: tuple[list[dict[str, str]], list[Stay]]) -> None:
    counts = aggregate(*programme)
    published = publish(counts, {})
    reader = Reader(reader_knowledge(published))
    rebuilt = [name for name, quantity in small_quantities(counts) if reader.follows(quantity)]
    assert rebuilt == []


@settings(max_examples=30, deadline=None)
@given(programmes())
def test_published_counts_are_zero_or_at_least_the_threshold(
        programme: tuple[list[dict[str, str]], list[Stay]]) -> None:
    for row in publish(aggregate(*programme), {}):
        for name, value in row.figures.items():
            if isinstance(value, int) and name != "places_offered":
                assert value == 0 or value >= THRESHOLD, (row.scope, name, value)
            if name in row.secret:
                assert value is None


def test_the_reader_rebuilds_what_primary_suppression_alone_leaves(monkeypatch: object) -> None:
    """Not vacuous: without secondary suppression, a territory's 3 dropouts come back from the
    programme's total minus the other territory's."""
    from pacte_opendata.domain import confidentiality, public_indicators

    lot_list = [{"axis": "qualifying", "territory": "01", "domain": "digital", "action_type": "preparatory",
                 "organisation": "OF-1"},
                {"axis": "qualifying", "territory": "38", "domain": "digital", "action_type": "preparatory",
                 "organisation": "OF-1"}]
    stay_list = [Stay(0, "dropped_out", "other", None, None, None, None) for _ in range(3)]
    stay_list += [Stay(1, "dropped_out", "other", None, None, None, None) for _ in range(9)]
    stay_list += [Stay(lot, "completed", None, "full", None, None, None) for lot in (0, 1) for _ in range(6)]
    counts = aggregate(lot_list, stay_list)

    def primary_only(table: confidentiality.Table, threshold: int) -> frozenset[tuple[str, str]]:
        return frozenset(c for q in confidentiality.protected(table, threshold) if len(q) == 1 for c in q)

    monkeypatch.setattr(public_indicators, "suppress", primary_only)  # type: ignore[attr-defined]
    reader = Reader(reader_knowledge(publish(counts, {})))
    assert any(reader.follows(q) for _, q in small_quantities(counts))
    monkeypatch.undo()  # type: ignore[attr-defined]
    reader = Reader(reader_knowledge(publish(counts, {})))
    assert not any(reader.follows(q) for _, q in small_quantities(counts))
