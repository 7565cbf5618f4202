"""The reference model's quantity helpers: each unit's facts grouped per origin period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pacte_billing.domain.invoicing import CurrentQuantity
from pacte_contracts.codes import BillingUnit, LineKind

from .quantities import (
    milestone_quantities,
    opening_day_quantities,
    quantities_for_unit,
    return_to_work_quantities,
    trainee_hour_quantities,
    trainer_hour_quantities,
)

D = date
Q = Decimal
K = LineKind


def cq(kind: LineKind, origin: str, qty: str, price: int, ref: str | None = None) -> CurrentQuantity:
    return CurrentQuantity(kind, origin, ref, Q(qty), price)


def test_hour_helpers_group_by_period() -> None:
    records = [(D(2019, 9, 30), Q("7.5")), (D(2019, 9, 1), Q("3.25")), (D(2019, 10, 1), Q("7.5"))]
    assert trainee_hour_quantities(records, 1234) == [
        cq(K.TRAINEE_HOUR, "2019-09", "10.75", 1234),
        cq(K.TRAINEE_HOUR, "2019-10", "7.5", 1234),
    ]
    assert [x.kind for x in trainer_hour_quantities(records, 1)] == [K.TRAINER_HOUR, K.TRAINER_HOUR]


def test_opening_days_count_each_session_day() -> None:
    days = [D(2019, 9, 26), D(2019, 9, 26), D(2019, 10, 1)]  # two sessions open on 09-26
    assert opening_day_quantities(days, 95_000) == [
        cq(K.OPENING_DAY, "2019-09", "2", 95_000),
        cq(K.OPENING_DAY, "2019-10", "1", 95_000),
    ]


def test_return_to_work_counts_per_observed_period() -> None:
    dates = [D(2020, 4, 4), D(2020, 4, 1), D(2020, 5, 2)]
    assert return_to_work_quantities(dates, 30_000) == [
        cq(K.RETURN_TO_WORK, "2020-04", "2", 30_000),
        cq(K.RETURN_TO_WORK, "2020-05", "1", 30_000),
    ]


def test_milestones_one_line_each() -> None:
    got = milestone_quantities(
        [("M-3", D(2019, 11, 15), 80_000), ("M-1", D(2019, 9, 30), 150_000), ("M-1", D(2019, 9, 30), 150_000)]
    )
    assert got == [
        cq(K.MILESTONE, "2019-09", "1", 150_000, "M-1"),
        cq(K.MILESTONE, "2019-11", "1", 80_000, "M-3"),
    ]
    with pytest.raises(ValueError, match="twice"):
        milestone_quantities([("M-1", D(2019, 9, 30), 1), ("M-1", D(2019, 10, 1), 1)])


def test_quantities_for_unit_picks_the_lot_unit() -> None:
    att = [(D(2019, 9, 2), Q(1))]
    trn = [(D(2019, 9, 2), Q(2))]
    days = [D(2019, 9, 2)] * 3
    expected = {
        BillingUnit.TRAINEE_HOUR: [cq(K.TRAINEE_HOUR, "2019-09", "1", 5)],
        BillingUnit.TRAINER_HOUR: [cq(K.TRAINER_HOUR, "2019-09", "2", 5)],
        BillingUnit.OPENING_DAY: [cq(K.OPENING_DAY, "2019-09", "3", 5)],
    }
    for unit, lines in expected.items():
        assert quantities_for_unit(unit, 5, attendance=att, trainer_hours=trn, billable_days=days) == lines
