"""What the open-data service knows of the buying side: public facts only (pure data).

Each fact keeps the time its event occurred: OCDS release dates and DECP dates come from there,
so a publication rebuilt by replaying the topics is the same as the one built live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Organisation:
    """One registration of an organisation in the buyer's registry (the newest one counts)."""

    organisation_id: str
    name: str
    siret: str | None = None
    registered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Tender:
    tender_id: str
    reference: str
    title: str
    axis: str
    procedure: str
    budget_cents: int
    starts_on: date
    ends_on: date
    published_at: datetime
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Lot:
    lot_id: str
    tender_id: str
    number: int
    title: str
    territory: str
    domain: str
    action_type: str
    billing_unit: str
    unit_price_cents: int
    defined_at: datetime


@dataclass(frozen=True, slots=True)
class Award:
    lot_id: str
    tender_id: str
    holder_organisation_id: str
    #: every member of the grouping, the holder (lead member) first
    members: tuple[str, ...]
    awarded_at: datetime


@dataclass(frozen=True, slots=True)
class Unsuccessful:
    lot_id: str
    tender_id: str
    declared_at: datetime


@dataclass(frozen=True, slots=True)
class Order:
    order_id: str
    lot_id: str
    tender_id: str
    holder_organisation_id: str
    amount_cents: int
    placed_at: datetime
    #: the lowered amount once the order is closed (rules version 2), and when
    closed_amount_cents: int | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Payment:
    invoice_id: str
    version: int
    order_id: str
    period: str
    paid_cents: int
    paid_at: datetime


@dataclass(frozen=True, slots=True)
class Process:
    """One tender and everything that followed it: one OCDS contracting process (one ocid)."""

    tender: Tender
    lots: tuple[Lot, ...] = ()
    awards: tuple[Award, ...] = ()
    unsuccessful: tuple[Unsuccessful, ...] = ()
    orders: tuple[Order, ...] = ()
    payments: tuple[Payment, ...] = ()
    #: organisation id → its registrations, oldest first
    registrations: dict[str, tuple[Organisation, ...]] = field(default_factory=dict)

    def lot(self, lot_id: str) -> Lot | None:
        return next((lot for lot in self.lots if lot.lot_id == lot_id), None)

    def award(self, lot_id: str) -> Award | None:
        return next((a for a in self.awards if a.lot_id == lot_id), None)

    def organisation(self, organisation_id: str, at: datetime | None = None) -> Organisation:
        """The organisation as registered at `at` (now when None); its id as name when unknown."""
        known = [r for r in self.registrations.get(organisation_id, ())
                 if at is None or r.registered_at is None or r.registered_at <= at]
        return known[-1] if known else Organisation(organisation_id, organisation_id)
