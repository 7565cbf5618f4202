from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pacte_contracts.codes import ActionType, Axis, BillingUnit, Domain, Procedure, Territory
from pacte_procurement.domain import Lot, LotStatus, Order, Session, Tender


def tender(budget_cents: int = 1_000_000, tender_id: str = "T-1") -> Tender:
    return Tender(
        tender_id=tender_id,
        reference="R",
        title="t",
        axis=Axis.QUALIFYING,
        procedure=Procedure.OPEN,
        budget_cents=budget_cents,
        starts_on=date(2019, 9, 1),
        ends_on=date(2020, 8, 31),
    )


def lot(status: LotStatus = LotStatus.AWARDED, capacity: int = 12) -> Lot:
    return Lot(
        lot_id="L-1",
        tender_id="T-1",
        number=1,
        title="l",
        territory=Territory.RHONE,
        domain=Domain.DIGITAL,
        action_type=ActionType.CERTIFYING,
        billing_unit=BillingUnit.OPENING_DAY,
        unit_price_cents=95000,
        session_capacity=capacity,
        return_to_work_bonus_cents=0,
        additional_modules=(),
        status=status,
        holder_id="OF-1" if status is LotStatus.AWARDED else None,
        members=("OF-1",) if status is LotStatus.AWARDED else (),
    )


def order() -> Order:
    return Order(order_id="BC-1", lot_id="L-1", tender_id="T-1", holder_id="OF-1", amount_cents=1000)


def session() -> Session:
    return Session(
        session_id="S-1",
        order_id="BC-1",
        lot_id="L-1",
        holder_id="OF-1",
        starts_on=date(2019, 9, 23),
        ends_on=date(2019, 9, 27),
        planned_days=(date(2019, 9, 23), date(2019, 9, 24)),
        hours_per_day=Decimal(7),
        capacity=10,
        place="Lyon",
    )


def tender_payload(**kw: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "cmd": "tender.publish",
        "tender_id": "T-1",
        "reference": "R",
        "title": "t",
        "axis": "qualifying",
        "procedure": "quote",
        "budget_cents": 100,
        "starts_on": "2019-09-01",
        "ends_on": "2019-09-01",
    }
    p.update(kw)
    return p


def lot_payload(**kw: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "lot_id": "L-1",
        "tender_id": "T-1",
        "number": 1,
        "title": "x",
        "territory": "69",
        "domain": "digital",
        "action_type": "certifying",
        "billing_unit": "trainer_hour",
        "unit_price_cents": 0,
        "session_capacity": 12,
        "return_to_work_bonus_cents": 0,
        "additional_modules": ["CACES R489"],
    }
    p.update(kw)
    return p


def session_payload(**kw: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "session_id": "S-9",
        "order_id": "BC-1",
        "starts_on": "2019-09-23",
        "ends_on": "2019-09-27",
        "planned_days": ["2019-09-24", "2019-09-23"],
        "hours_per_day": 7.25,
        "capacity": 12,
        "place": "Lyon",
    }
    p.update(kw)
    return p
