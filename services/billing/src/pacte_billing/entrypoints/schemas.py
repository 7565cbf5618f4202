"""HTTP shapes (for validation and the OpenAPI document)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AwaitedMarker(BaseModel):
    topic: str
    partition: int


class CutProgress(BaseModel):
    cut_id: str
    status: str = Field(description="open (markers awaited) | aligned (every marker in) | released")
    awaited: list[AwaitedMarker] | None = Field(
        description="Partitions whose producer's marker has not reached billing yet (null: none arrived yet)")
    arrived: int
    expected: int | None


class ClosingProgress(BaseModel):
    cut: CutProgress
    cut_aligned_at: str | None = None
    milestones_evaluated_at: str | None = None


class ClosingOut(BaseModel):
    period: str
    status: str = Field(description="open | awaiting_milestone_evaluation | closed")
    as_of: str
    invoices_issued: int | None = None
    started_at: str | None = None
    closed_at: str | None = None
    progress: ClosingProgress | None = Field(
        default=None, description="While the closing runs: the consistent cut's markers still awaited, and "
                                  "whether improvement's milestone evaluation is in (docs/architecture.md)")


class LineOut(BaseModel):
    kind: str
    origin_period: str
    ref: str | None
    quantity: str = Field(description="canonical decimal string")
    unit_price_cents: int
    amount_cents: int


class InvoiceReportOut(BaseModel):
    order_id: str
    period: str
    version: int
    lines: list[LineOut]
    total_cents: int
    payable_cents: int
    over_ceiling_cents: int
    status: str


class DetailedLineOut(LineOut):
    n: int


class InvoiceOut(InvoiceReportOut):
    """One version in full, with where it stands among the versions of its (order, period)."""

    invoice_id: str
    lines: list[DetailedLineOut]  # type: ignore[assignment]
    counts: bool = Field(description="every version but a disputed one counts (payable, already billed, ceiling)")
    reissued: bool = Field(description="this version replaced a disputed one")
    dispute_reason: str | None = None
    disputed_at: str | None = Field(default=None, description="when this version was disputed")
    replaced_by: str | None = Field(default=None, description="the invoice id of the version that replaced it")
    issued_at: str


class OrganisationInvoiceOut(InvoiceOut):
    pass


class FactOut(BaseModel):
    fact_id: int
    event_id: str
    fact_type: str
    session_id: str | None
    subject: str | None
    business_date: str
    revision: int
    quantity: str | None
    detail: dict[str, object] | None
    recorded_at: str
    current_at_issue: bool = Field(description="no newer version of this business key was known when issued")
    new_on_this_invoice: bool = Field(description="recorded after the order's previous invoice")


class LineFactsOut(BaseModel):
    invoice_id: str
    n: int
    kind: str
    origin_period: str
    ref: str | None
    facts: list[FactOut]
    next_after: int | None = Field(description="pass as `after` for the next page, null at the end")


class InvoiceStatusOut(BaseModel):
    invoice_id: str
    order_id: str
    period: str
    version: int
    status: str
    payable_cents: int
    dispute_reason: str | None = None


class AccrualOut(BaseModel):
    order_id: str
    accrued_cents: int
    sequence: int | None


class TenderBudgetOut(BaseModel):
    axis: str
    committed_cents: int
    payable_cents: int
    paid_cents: int


class OrderClosingOut(BaseModel):
    previous_amount_cents: int
    amount_cents: int
    released_cents: int
    closed_by: str | None
    closed_at: str


class OrderOut(BaseModel):
    order_id: str
    lot_id: str
    tender_id: str
    holder_organisation_id: str
    status: str = Field(description="placed | closed")
    amount_cents: int = Field(description="the ceiling: the amount placed, or the lowered amount once closed")
    payable_cents: int = Field(description="payable of its counting invoices")
    accrued_cents: int
    closing: OrderClosingOut | None


class InvoiceListItem(BaseModel):
    invoice_id: str
    order_id: str
    period: str
    version: int
    status: str
    total_cents: int
    payable_cents: int
    over_ceiling_cents: int
    reissued: bool
    issued_at: str
    lot_id: str
    tender_id: str
    axis: str
    organisation_id: str
    organisation_name: str | None = Field(description="as procurement registered it; null until billing knows it")
    latest: bool = Field(description="the latest version of its (order, period): the one commands act on")
    counts: bool
    certified: bool = Field(description="its approval is recorded: the service-done certificate can be generated")


class InvoicePage(BaseModel):
    items: list[InvoiceListItem]
    count: int = Field(description="invoices matching the filter, all pages together")
    next_cursor: str | None


class CeilingAlertOut(BaseModel):
    order_id: str
    lot_id: str
    tender_id: str
    axis: str
    organisation_id: str
    organisation_name: str | None
    ceiling_cents: int = Field(description="the order's amount, lowered once closed")
    closed: bool
    payable_cents: int = Field(description="payable of its counting invoices")
    over_ceiling_cents: int = Field(description="held back above the ceiling by its counting invoices")
    last_issued_at: str


class CeilingAlertPage(BaseModel):
    items: list[CeilingAlertOut]
    next_cursor: str | None


class BulkResultOut(BaseModel):
    invoice_id: str
    outcome: str = Field(description="done | refused")
    status: str | None = Field(description="the invoice's status after the command, when done")
    code: str | None = Field(description="the refusal's reason code (invalid, not_found)")
    detail: str | None


class BulkOut(BaseModel):
    done: int
    refused: int
    results: list[BulkResultOut]
