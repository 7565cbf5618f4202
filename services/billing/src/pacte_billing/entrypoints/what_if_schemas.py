"""The what-if's answer: quantities as canonical strings, money in cents, rates with 4 decimals."""

from __future__ import annotations

from pydantic import BaseModel, Field

from pacte_billing.domain.what_if import WhatIf
from pacte_billing.domain.what_if.pricing import Series, UnitWhatIf
from pacte_contracts.rules import canonical_quantity, rate_string


class VariationOut(BaseModel):
    mean_monthly_cents: int | None
    mean_absolute_change_cents: int | None = Field(description="Mean of |revenue of a month - the month before|.")
    relative_variation: str | None = Field(description="Mean absolute change over mean monthly revenue.")
    largest_fall_cents: int
    largest_rise_cents: int
    months_falling: int


class SeriesOut(BaseModel):
    total_cents: int
    monthly_cents: list[int] = Field(description="One amount per month of `months`.")
    changes_cents: list[int | None] = Field(description="Each month minus the month before (null for the first).")
    variation: VariationOut


class UnitOut(BaseModel):
    unit: str
    unit_price_cents: int | None
    price_source: str | None = Field(description="given, contract, programme_median or break_even.")
    quantity: str
    sessions_declaring: int
    break_even_price_cents: int | None = Field(
        description="The price at which this unit would have cost what the scope's own units cost.")
    difference_cents: int | None = Field(description="This unit's total minus what the scope's own units make.")
    series: SeriesOut | None


class MonthOut(BaseModel):
    period: str
    opening_days: int
    trainer_hours: str
    trainee_hours: str
    trainee_days: int = Field(description="(trainee, day held) pairs with the trainee active.")
    absent_days: int = Field(description="Of those, the ones with no hour present (absences, suspensions).")
    entries: int
    dropouts: int


class OrderOut(BaseModel):
    order_id: str
    lot_id: str
    billing_unit: str
    unit_price_cents: int


class WhatIfOut(BaseModel):
    scope_type: str
    scope_id: str
    orders: list[OrderOut]
    sessions: int
    months: list[str]
    counts: list[MonthOut]
    actual: SeriesOut = Field(description="Each order in its own unit at its own price.")
    units: list[UnitOut]


def _series(series: Series) -> SeriesOut:
    v = series.variation
    return SeriesOut(total_cents=series.total_cents, monthly_cents=list(series.monthly_cents),
                     changes_cents=list(v.changes),
                     variation=VariationOut(mean_monthly_cents=v.mean_monthly_cents,
                                            mean_absolute_change_cents=v.mean_absolute_change_cents,
                                            relative_variation=rate_string(v.relative_variation),
                                            largest_fall_cents=v.largest_fall_cents,
                                            largest_rise_cents=v.largest_rise_cents, months_falling=v.months_falling))


def _unit(unit: UnitWhatIf, actual_cents: int) -> UnitOut:
    return UnitOut(unit=unit.unit.value, unit_price_cents=unit.unit_price_cents,
                   price_source=None if unit.price_source is None else unit.price_source.value,
                   quantity=canonical_quantity(unit.quantity), sessions_declaring=unit.sessions_declaring,
                   break_even_price_cents=unit.break_even_price_cents,
                   difference_cents=None if unit.series is None else unit.series.total_cents - actual_cents,
                   series=None if unit.series is None else _series(unit.series))


def what_if_out(scope_type: str, scope_id: str, result: WhatIf) -> WhatIfOut:
    return WhatIfOut(
        scope_type=scope_type, scope_id=scope_id,
        orders=[OrderOut(order_id=o.order_id, lot_id=o.lot_id, billing_unit=o.billing_unit.value,
                         unit_price_cents=o.unit_price_cents) for o in result.orders],
        sessions=result.sessions, months=list(result.months),
        counts=[MonthOut(period=p, opening_days=c.opening_days, trainer_hours=canonical_quantity(c.trainer_hours),
                         trainee_hours=canonical_quantity(c.trainee_hours), trainee_days=c.trainee_days,
                         absent_days=c.absent_days, entries=c.entries, dropouts=c.dropouts)
                for p, c in zip(result.months, result.counts, strict=True)],
        actual=_series(result.actual),
        units=[_unit(u, result.actual.total_cents) for u in result.units],
    )
