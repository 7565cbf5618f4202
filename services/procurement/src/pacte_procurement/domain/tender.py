"""``tender.publish``: a tender is created published (draft -> published -> closed)."""

from __future__ import annotations

from dataclasses import replace

from pacte_contracts.codes import Axis, Procedure, RejectionReason
from pacte_contracts.refusals import Rejection

from .commands import PublishTender
from .model import Tender, TenderStatus


def decide_publish_tender(draft: PublishTender, *, tender_exists: bool) -> Tender | Rejection:
    def invalid(detail: str) -> Rejection:
        return Rejection(RejectionReason.INVALID, detail)

    if tender_exists:
        return invalid(f"tender {draft.tender_id!r} already exists")
    if draft.axis not in {a.value for a in Axis}:
        return invalid(f"unknown axis {draft.axis!r}")
    if draft.procedure not in {p.value for p in Procedure}:
        return invalid(f"unknown procedure {draft.procedure!r}")
    if draft.budget_cents < 0:
        return invalid("budget_cents must not be negative")
    if draft.starts_on > draft.ends_on:
        return invalid("starts_on is after ends_on")
    return Tender(
        tender_id=draft.tender_id,
        reference=draft.reference,
        title=draft.title,
        axis=Axis(draft.axis),
        procedure=Procedure(draft.procedure),
        budget_cents=draft.budget_cents,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        status=TenderStatus.PUBLISHED,
    )


def decide_close_tender(tender: Tender | None) -> Tender | Rejection:
    if tender is None:
        return Rejection(RejectionReason.INVALID, "unknown tender")
    if tender.status is not TenderStatus.PUBLISHED:
        return Rejection(RejectionReason.INVALID, f"tender is {tender.status.value}, not published")
    return replace(tender, status=TenderStatus.CLOSED)
