"""``lot.define``, ``lot.award`` and ``lot.unsuccessful`` (lot: open -> awarded | unsuccessful)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from pacte_contracts.codes import ActionType, BillingUnit, Domain, RejectionReason, Territory
from pacte_contracts.wire import Malformed, req_int, req_list, req_str

from .model import Lot, LotStatus, Rejection, Tender, TenderStatus


@dataclass(frozen=True, slots=True)
class LotDraft:
    lot_id: str
    tender_id: str
    number: int
    title: str
    territory: str
    domain: str
    action_type: str
    billing_unit: str
    unit_price_cents: int
    session_capacity: int
    return_to_work_bonus_cents: int
    additional_modules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AwardDraft:
    lot_id: str
    organisation_id: str
    organisation_name: str
    members: tuple[str, ...]


def _invalid(detail: str) -> Rejection:
    return Rejection(RejectionReason.INVALID, detail)


def parse_lot(payload: Mapping[str, Any]) -> LotDraft | Rejection:
    try:
        modules = req_list(payload, "additional_modules")
        if not all(isinstance(m, str) for m in modules):
            raise Malformed("'additional_modules' must be a list of strings")
        return LotDraft(
            lot_id=req_str(payload, "lot_id"),
            tender_id=req_str(payload, "tender_id"),
            number=req_int(payload, "number"),
            title=req_str(payload, "title", allow_empty=True),
            territory=req_str(payload, "territory"),
            domain=req_str(payload, "domain"),
            action_type=req_str(payload, "action_type"),
            billing_unit=req_str(payload, "billing_unit"),
            unit_price_cents=req_int(payload, "unit_price_cents"),
            session_capacity=req_int(payload, "session_capacity"),
            return_to_work_bonus_cents=req_int(payload, "return_to_work_bonus_cents"),
            additional_modules=tuple(modules),
        )
    except Malformed as exc:
        return _invalid(str(exc))


def decide_define_lot(draft: LotDraft, *, lot_exists: bool, tender: Tender | None) -> Lot | Rejection:
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
        additional_modules=draft.additional_modules,
    )


def parse_award(payload: Mapping[str, Any]) -> AwardDraft | Rejection:
    try:
        members = req_list(payload, "members")
        if not all(isinstance(m, str) and m for m in members):
            raise Malformed("'members' must be a list of organisation ids")
        return AwardDraft(
            lot_id=req_str(payload, "lot_id"),
            organisation_id=req_str(payload, "organisation_id"),
            organisation_name=req_str(payload, "organisation_name", allow_empty=True),
            members=tuple(members),
        )
    except Malformed as exc:
        return _invalid(str(exc))


def decide_award(lot: Lot | None, award: AwardDraft) -> Lot | Rejection:
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
