"""``lot.define``, ``lot.award`` and ``lot.unsuccessful`` (lot: open -> awarded | unsuccessful)."""

from __future__ import annotations

from dataclasses import replace

from pacte_contracts.codes import ActionType, BillingUnit, Domain, RejectionReason, Territory
from pacte_contracts.refusals import Rejection

from .commands import AwardLot, DefineLot
from .model import Lot, LotStatus, Tender, TenderStatus


def _invalid(detail: str) -> Rejection:
    return Rejection(RejectionReason.INVALID, detail)


#: France's VAT rates in percent (article 278 and following of the CGI).
VAT_RATES = ("20", "10", "5.5", "2.1")


def decide_define_lot(draft: DefineLot, *, lot_exists: bool, tender: Tender | None) -> Lot | Rejection:
    if lot_exists:
        return _invalid(f"lot {draft.lot_id!r} already exists")
    if tender is None:
        return _invalid(f"unknown tender {draft.tender_id!r}")
    if tender.status is TenderStatus.CLOSED:
        return _invalid(f"tender {draft.tender_id!r} is closed")
    if draft.territory not in {t.value for t in Territory}:
        return _invalid(f"unknown territory {draft.territory!r}")
    if draft.domain not in {d.value for d in Domain}:
        return _invalid(f"unknown domain {draft.domain!r}")
    if draft.action_type not in {a.value for a in ActionType}:
        return _invalid(f"unknown action type {draft.action_type!r}")
    if draft.billing_unit not in {b.value for b in BillingUnit}:
        return _invalid(f"unknown billing unit {draft.billing_unit!r}")
    if draft.number < 1:
        return _invalid("number must be at least 1")
    if draft.unit_price_cents < 0:
        return _invalid("unit_price_cents must not be negative")
    if draft.session_capacity <= 0:
        return _invalid("session_capacity must be positive")
    if draft.return_to_work_bonus_cents < 0:
        return _invalid("return_to_work_bonus_cents must not be negative")
    if draft.continuity_bonus_cents < 0:
        return _invalid("continuity_bonus_cents must not be negative")
    if draft.vat_rate is not None and draft.vat_rate not in VAT_RATES:
        return _invalid(f"vat_rate must be one of France's rates {', '.join(VAT_RATES)}, or absent (exempt)")
    return Lot(
        lot_id=draft.lot_id,
        tender_id=draft.tender_id,
        number=draft.number,
        title=draft.title,
        territory=Territory(draft.territory),
        domain=Domain(draft.domain),
        action_type=ActionType(draft.action_type),
        billing_unit=BillingUnit(draft.billing_unit),
        unit_price_cents=draft.unit_price_cents,
        session_capacity=draft.session_capacity,
        return_to_work_bonus_cents=draft.return_to_work_bonus_cents,
        additional_modules=tuple(draft.additional_modules),
        continuity_bonus_cents=draft.continuity_bonus_cents,
        vat_rate=draft.vat_rate,
    )


def decide_award(lot: Lot | None, award: AwardLot) -> Lot | Rejection:
    """Award an open lot; the holder leads the grouping (first member, added if absent)."""
    if lot is None:
        return _invalid(f"unknown lot {award.lot_id!r}")
    if lot.status is not LotStatus.OPEN:
        return _invalid(f"lot {lot.lot_id!r} is {lot.status.value}, not open")
    others = [m for m in dict.fromkeys(award.members) if m != award.organisation_id]
    return replace(
        lot,
        status=LotStatus.AWARDED,
        holder_id=award.organisation_id,
        holder_name=award.organisation_name,
        members=(award.organisation_id, *others),
    )


def decide_unsuccessful(lot: Lot | None) -> Lot | Rejection:
    if lot is None:
        return _invalid("unknown lot")
    if lot.status is not LotStatus.OPEN:
        return _invalid(f"lot {lot.lot_id!r} is {lot.status.value}, not open")
    return replace(lot, status=LotStatus.UNSUCCESSFUL)
