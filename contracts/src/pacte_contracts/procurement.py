"""Events of the procurement service (the buying side).

Session and order events carry the lot's attributes they depend on (event-carried state), so a
consumer needs no join across topics whose relative order Kafka does not guarantee.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel

from pacte_contracts import topics
from pacte_contracts.codes import ActionType, Axis, BillingUnit, Domain, Procedure, Territory, VatStatus
from pacte_contracts.envelope import Event, register


@register
class TenderPublished(Event):
    TOPIC: ClassVar[str] = topics.PROCUREMENT_TENDER
    KEY_FIELD: ClassVar[str] = "tender_id"
    tender_id: str
    reference: str
    title: str
    axis: Axis
    procedure: Procedure
    budget_cents: int
    starts_on: date
    ends_on: date


@register
class TenderClosed(Event):
    TOPIC: ClassVar[str] = topics.PROCUREMENT_TENDER
    KEY_FIELD: ClassVar[str] = "tender_id"
    tender_id: str


class LotTerms(Event):
    """What a lot fixes, repeated on the events of its orders and sessions."""

    TOPIC: ClassVar[str] = topics.PROCUREMENT_LOT
    KEY_FIELD: ClassVar[str] = "lot_id"
    lot_id: str
    tender_id: str
    axis: Axis
    territory: Territory
    domain: Domain
    action_type: ActionType
    billing_unit: BillingUnit
    unit_price_cents: int
    return_to_work_bonus_cents: int
    #: Paid to an Essentials lot's order once per person who went on to a certifying or professionalising
    #: session within 90 days (issue 22); absent from older events: 0.
    continuity_bonus_cents: int = 0
    #: VAT on the lot's services in percent ("20", "5.5"); null: exempt, as vocational training is
    #: (article 261-4-4° a du CGI), which is every lot defined before the field existed.
    vat_rate: str | None = None


@register
class LotDefined(LotTerms):
    number: int
    title: str
    session_capacity: int
    additional_modules: list[str]


@register
class LotAwarded(Event):
    TOPIC: ClassVar[str] = topics.PROCUREMENT_LOT
    KEY_FIELD: ClassVar[str] = "lot_id"
    lot_id: str
    tender_id: str
    holder_organisation_id: str
    members: list[str]


@register
class LotDeclaredUnsuccessful(Event):
    TOPIC: ClassVar[str] = topics.PROCUREMENT_LOT
    KEY_FIELD: ClassVar[str] = "lot_id"
    lot_id: str
    tender_id: str


@register
class OrderPlaced(LotTerms):
    TOPIC: ClassVar[str] = topics.PROCUREMENT_ORDER
    KEY_FIELD: ClassVar[str] = "order_id"
    order_id: str
    holder_organisation_id: str
    amount_cents: int


@register
class SessionScheduled(LotTerms):
    TOPIC: ClassVar[str] = topics.PROCUREMENT_SESSION
    KEY_FIELD: ClassVar[str] = "session_id"
    session_id: str
    order_id: str
    holder_organisation_id: str
    starts_on: date
    ends_on: date
    planned_days: list[date]
    hours_per_day: str
    capacity: int
    place: str
    #: Increases with each reschedule, so consumers keep the newest plan whatever the delivery order.
    revision: int = 1


@register
class SessionRescheduled(SessionScheduled):
    pass


@register
class SessionCancelled(Event):
    TOPIC: ClassVar[str] = topics.PROCUREMENT_SESSION
    KEY_FIELD: ClassVar[str] = "session_id"
    session_id: str
    order_id: str
    lot_id: str


class PostalAddress(BaseModel):
    """A French postal address as an invoice prints it (EN 16931's BG-5 / BG-8)."""

    line_one: str
    line_two: str | None = None
    postcode: str
    city: str
    country_code: str = "FR"


@register
class OrganisationRegistered(Event):
    """The registry entry as it stands after the registration: the legal data (address, VAT) is what
    self-billed invoices name the organisation with; absent on entries registered before it existed."""

    TOPIC: ClassVar[str] = topics.PROCUREMENT_ORGANISATION
    KEY_FIELD: ClassVar[str] = "organisation_id"
    organisation_id: str
    name: str
    siret: str | None = None
    address: PostalAddress | None = None
    vat_status: VatStatus | None = None
    vat_number: str | None = None


@register
class JobseekerCountSet(Event):
    TOPIC: ClassVar[str] = topics.PROCUREMENT_REFERENCE
    KEY_FIELD: ClassVar[str] = "territory"
    territory: Territory
    count: int
    revision: int = 1
