"""Domain objects → contract events (event-carried state: orders and sessions repeat the lot's terms)."""

from __future__ import annotations

from pacte_contracts.codes import Axis
from pacte_contracts.procurement import (
    LotAwarded,
    LotDefined,
    OrderPlaced,
    OrganisationRegistered,
    PostalAddress,
    SessionRescheduled,
    SessionScheduled,
    TenderPublished,
)
from pacte_contracts.rules import canonical_quantity
from pacte_procurement.domain import Lot, Order, Organisation, Session, Tender


def _terms(lot: Lot, axis: Axis) -> dict[str, object]:
    return {
        "lot_id": lot.lot_id, "tender_id": lot.tender_id, "axis": axis, "territory": lot.territory,
        "domain": lot.domain, "action_type": lot.action_type, "billing_unit": lot.billing_unit,
        "unit_price_cents": lot.unit_price_cents, "return_to_work_bonus_cents": lot.return_to_work_bonus_cents,
        "continuity_bonus_cents": lot.continuity_bonus_cents,
        "vat_rate": lot.vat_rate,
    }


def tender_published(t: Tender) -> TenderPublished:
    return TenderPublished(tender_id=t.tender_id, reference=t.reference, title=t.title, axis=t.axis,
                           procedure=t.procedure, budget_cents=t.budget_cents, starts_on=t.starts_on,
                           ends_on=t.ends_on)


def lot_defined(lot: Lot, axis: Axis) -> LotDefined:
    return LotDefined.model_validate({
        **_terms(lot, axis), "number": lot.number, "title": lot.title, "session_capacity": lot.session_capacity,
        "additional_modules": list(lot.additional_modules),
    })


def lot_awarded(lot: Lot) -> LotAwarded:
    assert lot.holder_id is not None
    return LotAwarded(lot_id=lot.lot_id, tender_id=lot.tender_id, holder_organisation_id=lot.holder_id,
                      members=list(lot.members))


def organisation_registered(o: Organisation) -> OrganisationRegistered:
    address = None if o.address is None else PostalAddress(
        line_one=o.address.line_one, line_two=o.address.line_two, postcode=o.address.postcode, city=o.address.city,
        country_code=o.address.country_code)
    return OrganisationRegistered(organisation_id=o.organisation_id, name=o.name, siret=o.siret, address=address,
                                  vat_status=o.vat_status, vat_number=o.vat_number)


def order_placed(order: Order, lot: Lot, axis: Axis) -> OrderPlaced:
    return OrderPlaced.model_validate({
        **_terms(lot, axis), "order_id": order.order_id, "holder_organisation_id": order.holder_id,
        "amount_cents": order.amount_cents,
    })


def session_planned(session: Session, lot: Lot, axis: Axis, revision: int) -> SessionScheduled:
    model = SessionScheduled if revision == 1 else SessionRescheduled
    return model.model_validate({
        **_terms(lot, axis), "session_id": session.session_id, "order_id": session.order_id,
        "holder_organisation_id": session.holder_id, "starts_on": session.starts_on, "ends_on": session.ends_on,
        "planned_days": list(session.planned_days), "hours_per_day": canonical_quantity(session.hours_per_day),
        "capacity": session.capacity, "place": session.place, "revision": revision,
    })
