"""Response shapes of the back-office API (request bodies are the commands of `domain/commands.py`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from pacte_contracts.codes import ActionType, Axis, BillingUnit, Domain, Procedure, Territory

# --- responses -----------------------------------------------------------------------------------

class TenderOut(BaseModel):
    tender_id: str
    reference: str
    title: str
    axis: Axis
    procedure: Procedure
    budget_cents: int
    committed_cents: int
    remaining_cents: int
    starts_on: date
    ends_on: date
    status: str


class LotOut(BaseModel):
    lot_id: str
    tender_id: str
    axis: Axis
    number: int
    title: str
    territory: Territory
    domain: Domain
    action_type: ActionType
    billing_unit: BillingUnit
    unit_price_cents: int
    session_capacity: int
    return_to_work_bonus_cents: int
    continuity_bonus_cents: int = 0
    additional_modules: list[str]
    vat_rate: str | None = Field(default=None, description="VAT in percent; null: exempt (vocational training)")
    status: str
    holder_id: str | None
    holder_name: str | None
    members: list[str]


class OrderOut(BaseModel):
    order_id: str
    lot_id: str
    tender_id: str
    axis: Axis
    holder_id: str
    amount_cents: int
    status: str
    placed_at: datetime
    tender_budget_cents: int
    tender_committed_cents: int
    tender_remaining_cents: int = Field(description="Budget left on the order's tender")


class SessionOut(BaseModel):
    session_id: str
    order_id: str
    lot_id: str
    tender_id: str
    axis: Axis
    territory: Territory
    domain: Domain
    action_type: ActionType
    lot_title: str
    holder_id: str
    holder_name: str | None
    starts_on: date
    ends_on: date
    planned_days: list[date]
    hours_per_day: str
    capacity: int
    place: str
    cancelled: bool
    revision: int
    enrolments: int
    places_left: int
    status: str


class AddressOut(BaseModel):
    line_one: str
    line_two: str | None
    postcode: str
    city: str
    country_code: str


class OrganisationOut(BaseModel):
    organisation_id: str
    name: str
    siret: str | None
    address: AddressOut | None = None
    vat_status: str | None = Field(default=None, description="registered | franchise | not_subject")
    vat_number: str | None = None
    registered_at: datetime
    lots: list[str]


class JobseekerOut(BaseModel):
    territory: Territory
    count: int
    revision: int


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    role: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any
    correlation_id: str | None


class _Page(BaseModel):
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class TenderPage(_Page):
    items: list[TenderOut]


class LotPage(_Page):
    items: list[LotOut]


class OrderPage(_Page):
    items: list[OrderOut]


class SessionPage(_Page):
    items: list[SessionOut]


class CataloguePage(SessionPage):
    from_: date = Field(alias="from")
    until: date = Field(description="Exclusive end of the 6-month window")


class OrganisationPage(_Page):
    items: list[OrganisationOut]


class AuditPage(_Page):
    items: list[AuditEntry]


class TenderBudget(BaseModel):
    tender_id: str
    reference: str
    axis: Axis
    status: str
    budget_cents: int
    committed_cents: int
    remaining_cents: int


class BudgetOut(BaseModel):
    tenders: list[TenderBudget]
    committed_cents: int
