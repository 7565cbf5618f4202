"""The input limits (pacte_contracts.limits) as every command applies them through the field types:
the nonsense of issue 18 is malformed (`invalid`, the field named), values a programme holds are not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pacte_contracts.codes import RejectionReason
from pacte_contracts.limits import FIRST_DATE, LAST_DATE, MAX_CENTS, MAX_ITEMS
from pacte_contracts.refusals import Rejection, parse
from pacte_contracts.types import (
    Cents,
    Code,
    Command,
    Count,
    Hours,
    Id,
    IsoDate,
    Items,
    NonEmptyText,
    Number,
    Period,
    Text,
    Year,
)


class Sample(Command):
    NAME = "sample.limits"
    tender_id: Id
    axis: Code
    title: Text
    description: NonEmptyText
    starts_on: IsoDate
    period: Period
    hours: Hours
    amount_cents: Cents
    capacity: Count
    year: Year
    threshold: Number
    planned_days: Items[IsoDate]


def good(**changes: Any) -> dict[str, Any]:
    return {"tender_id": "T-AFC-2019", "axis": "qualifying", "title": "Parcours qualifiants 2019",
            "description": "Taux d'abandon du lot inférieur à 35 %\n(2e ligne)\tavec tabulation",
            "starts_on": "2019-09-01", "period": "2019-09", "hours": 7.5, "amount_cents": 50_000_000,
            "capacity": 12, "year": 2019, "threshold": 0.35, "planned_days": ["2019-09-23", "2019-09-24"],
            **changes}


def refused_fields(payload: dict[str, Any]) -> set[str]:
    outcome = parse(Sample, payload)
    assert isinstance(outcome, Rejection) and outcome.reason is RejectionReason.INVALID, outcome
    return {str(e["field"]).split(".")[0] for e in outcome.errors}


def test_what_a_programme_holds_passes() -> None:
    command = parse(Sample, good(hours=-3, amount_cents=-MAX_CENTS, capacity=0, threshold=4.5,
                                 starts_on=FIRST_DATE.isoformat(), tender_id="a" * 64))
    assert isinstance(command, Sample)
    assert command.hours == Decimal(-3) and command.threshold == Decimal("4.5")
    assert isinstance(parse(Sample, good(starts_on=LAST_DATE.isoformat(), hours=999.99)), Sample)


#: The issue's cases (and their neighbours): each is refused as malformed, naming its field.
NONSENSE: list[tuple[str, Any]] = [
    ("tender_id", "T" * 10_000), ("tender_id", "T" * 65), ("tender_id", "T-\x00\x07"), ("tender_id", "T/../x"),
    ("tender_id", "T 1"), ("tender_id", "-T"), ("tender_id", "T\n1"), ("tender_id", "Té"), ("tender_id", "\ud8fb"),
    ("axis", "q" * 65), ("axis", "qualif\x1bying"),
    ("title", "x" * 5_000_000), ("title", "x" * 2_001), ("title", "a\x00b"), ("title", "\ud8fb"),
    ("description", "x" * 5_000_000), ("description", "\x7f"),
    ("starts_on", "9999-12-31"), ("starts_on", "0001-01-01"), ("starts_on", "2200-01-01"),
    ("starts_on", "1899-12-31"), ("planned_days", ["2019-09-23", "9999-12-31"]),
    ("period", "0000-01"), ("period", "9999-12"), ("period", "1899-12"),
    ("hours", 1e308), ("hours", -1e308), ("hours", 1000.01), ("hours", 10**30),
    ("amount_cents", 2**62), ("amount_cents", -(2**62)), ("amount_cents", MAX_CENTS + 1),
    ("capacity", 2**62), ("capacity", 10**9 + 1),
    ("year", 0), ("year", 10_000), ("year", 99999999999999999999), ("year", -1),
    ("threshold", 1e308), ("threshold", float("inf")), ("threshold", 10**10), ("threshold", 1e-7),
    ("threshold", "0.5"), ("threshold", True),
    ("planned_days", ["2019-09-23"] * (MAX_ITEMS + 1)),
]


@pytest.mark.parametrize(("field", "value"), NONSENSE)
def test_nonsense_is_malformed_and_names_its_field(field: str, value: Any) -> None:
    assert refused_fields(good(**{field: value})) == {field}


def test_a_date_at_the_calendar_edge_is_a_date_python_can_still_move() -> None:
    # Rules add days to dates (a session's last day, a month's end): at the bounds that still works.
    assert date.fromisoformat(LAST_DATE.isoformat()).toordinal() + 366 < date.max.toordinal()
