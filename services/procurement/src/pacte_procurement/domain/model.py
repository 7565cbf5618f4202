"""Tenders, lots, orders, sessions and reference counts (DOMAIN.md, SCENARIO.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pacte_contracts.codes import (
    ActionType,
    Axis,
    BillingUnit,
    Domain,
    Procedure,
    Territory,
)


class TenderStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class LotStatus(StrEnum):
    OPEN = "open"
    AWARDED = "awarded"
    UNSUCCESSFUL = "unsuccessful"


class OrderStatus(StrEnum):
    PLACED = "placed"
    CLOSED = "closed"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Tender:
    tender_id: str
    reference: str
    title: str
    axis: Axis
    procedure: Procedure
    budget_cents: int
    starts_on: date
    ends_on: date
    status: TenderStatus = TenderStatus.PUBLISHED


@dataclass(frozen=True, slots=True)
class Lot:
    lot_id: str
    tender_id: str
    number: int
    title: str
    territory: Territory
    domain: Domain
    action_type: ActionType
    billing_unit: BillingUnit
    unit_price_cents: int
    session_capacity: int
    return_to_work_bonus_cents: int
    additional_modules: tuple[str, ...]
    status: LotStatus = LotStatus.OPEN
    holder_id: str | None = None
    holder_name: str | None = None
    members: tuple[str, ...] = ()  # the holder first: it leads the grouping
    continuity_bonus_cents: int = 0
    #: VAT in percent ("20", "5.5"); None: exempt as vocational training (every lot before the field).
    vat_rate: str | None = None


@dataclass(frozen=True, slots=True)
class Order:
    order_id: str
    lot_id: str
    tender_id: str
    holder_id: str
    amount_cents: int
    status: OrderStatus = OrderStatus.PLACED


@dataclass(frozen=True, slots=True)
class Session:
    session_id: str
    order_id: str
    lot_id: str
    holder_id: str
    starts_on: date
    ends_on: date
    planned_days: tuple[date, ...]  # sorted, distinct
    hours_per_day: Decimal
    capacity: int
    place: str
    cancelled: bool = False

    def status_on(self, today: date) -> SessionStatus:
        if self.cancelled:
            return SessionStatus.CANCELLED
        if today < self.starts_on:
            return SessionStatus.SCHEDULED
        if today <= self.ends_on:
            return SessionStatus.RUNNING
        return SessionStatus.FINISHED


@dataclass(frozen=True, slots=True)
class JobseekerReference:
    territory: Territory
    count: int
