"""OCDS 1.1.5 releases of one contracting process (one tender, one ocid), pure.

One release per fact, dated when the fact happened and never rewritten: the tender, each lot defined
(tenderUpdate), the tender closed, each lot awarded (award, the grouping's members as suppliers) or
declared unsuccessful, each order (contract, with its value), each order closed with its lowered
amount (contractAmendment), each paid invoice (implementation: a transaction), and a party's new
registration details (awardUpdate). Lots use the OCDS lots extension; amounts are exact euros.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from pacte_opendata.domain.labels import label
from pacte_opendata.domain.model import Award, Lot, Order, Organisation, Payment, Process, Unsuccessful
from pacte_opendata.domain.money import euros
from pacte_opendata.domain.publisher import TRAINING_CPV_LABEL, Publisher

PARIS = ZoneInfo("Europe/Paris")
LOTS_EXTENSION = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json"
Release = dict[str, Any]
#: OCDS procurement method of each procedure: an open call, or quotes asked of chosen organisations.
METHODS = {"open": ("open", "Appel d'offres ouvert"), "quote": ("limited", "Procédure adaptée (achat sur devis)")}


def stamp(moment: datetime) -> str:
    return moment.isoformat()


def day_start(day: date) -> str:
    return datetime.combine(day, time(0), PARIS).isoformat()


def value(cents: int) -> dict[str, Any]:
    return {"amount": euros(cents), "currency": "EUR"}


def releases(process: Process, publisher: Publisher) -> list[Release]:
    found = [_tender(process, publisher)]
    found += [_release(process, publisher, f"lot-{lot.lot_id}", lot.defined_at, ["tenderUpdate"],
                       tender={"id": process.tender.tender_id, "lots": [_lot(lot)]}) for lot in process.lots]
    if process.tender.closed_at is not None:
        found.append(_release(process, publisher, "tender-closed", process.tender.closed_at, ["tenderUpdate"],
                              tender={"id": process.tender.tender_id, "status": "complete"}))
    found += [_award(process, publisher, award) for award in process.awards]
    found += [_unsuccessful(process, publisher, u) for u in process.unsuccessful]
    for order in process.orders:
        found.append(_contract(process, publisher, order))
        if order.closed_at is not None and order.closed_amount_cents is not None:
            found.append(_closure(process, publisher, order))
    found += [_payment(process, publisher, payment) for payment in process.payments
              if any(o.order_id == payment.order_id for o in process.orders)]
    found += _party_updates(process, publisher)
    return sorted(found, key=lambda r: (r["date"], r["id"]))


def _release(process: Process, publisher: Publisher, suffix: str, moment: datetime, tag: list[str],
             **sections: Any) -> Release:
    ocid = publisher.ocid(process.tender.tender_id)
    return {"ocid": ocid, "id": f"{ocid}-{suffix}", "date": stamp(moment), "tag": tag, "initiationType": "tender",
            "language": "fr", **sections}


def _buyer(publisher: Publisher) -> dict[str, Any]:
    return {"id": publisher.buyer_siret, "name": publisher.buyer_name}


def _buyer_party(publisher: Publisher) -> dict[str, Any]:
    return {**_buyer(publisher), "identifier": {"scheme": "FR-RCS", "id": publisher.buyer_siret,
                                               "legalName": publisher.buyer_name},
            "roles": ["buyer", "procuringEntity", "payer"]}


def _tender(process: Process, publisher: Publisher) -> Release:
    tender = process.tender
    method, details = METHODS.get(tender.procedure, ("open", tender.procedure))
    return _release(process, publisher, "tender", tender.published_at, ["tender"],
                    parties=[_buyer_party(publisher)], buyer=_buyer(publisher), tender={
                        "id": tender.tender_id, "title": tender.title,
                        "description": f"{tender.reference} : {tender.title}",
                        "status": "active", "procuringEntity": _buyer(publisher),
                        "items": [{"id": "1", "description": TRAINING_CPV_LABEL,
                                   "classification": {"scheme": "CPV", "id": publisher.cpv.split("-")[0],
                                                      "description": TRAINING_CPV_LABEL}}],
                        "value": value(tender.budget_cents), "procurementMethod": method,
                        "procurementMethodDetails": details, "mainProcurementCategory": "services",
                        "contractPeriod": {"startDate": day_start(tender.starts_on),
                                           "endDate": day_start(tender.ends_on)},
                    })


def lot_description(territory: str, domain: str, action_type: str) -> str:
    return (f"{label('territory', territory)} ({territory}), {label('domain', domain)}, "
            f"action {label('action_type', action_type).lower()}")


def _lot(lot: Lot) -> dict[str, Any]:
    return {"id": lot.lot_id, "title": lot.title, "status": "active",
            "description": lot_description(lot.territory, lot.domain, lot.action_type)}


def roles(process: Process, organisation_id: str, at: datetime) -> list[str]:
    """The organisation's roles in the process by `at` (a release gives them whole: merging replaces arrays)."""
    supplier = any(organisation_id in a.members and a.awarded_at <= at for a in process.awards)
    held = {o.order_id for o in process.orders if o.holder_organisation_id == organisation_id}
    payee = any(p.order_id in held and p.paid_at <= at for p in process.payments)
    return ["supplier"] * supplier + ["payee"] * payee


def party(process: Process, organisation: Organisation, at: datetime) -> dict[str, Any]:
    found: dict[str, Any] = {"id": organisation.organisation_id, "name": organisation.name,
                             "roles": roles(process, organisation.organisation_id, at)}
    if organisation.siret:
        found["identifier"] = {"scheme": "FR-RCS", "id": organisation.siret, "legalName": organisation.name}
    return found


def _reference(organisation: Organisation) -> dict[str, str]:
    return {"id": organisation.organisation_id, "name": organisation.name}


def _award(process: Process, publisher: Publisher, award: Award) -> Release:
    members = [process.organisation(m, award.awarded_at) for m in award.members]
    lot = process.lot(award.lot_id)
    return _release(process, publisher, f"award-{award.lot_id}", award.awarded_at, ["award"],
                    parties=[party(process, m, award.awarded_at) for m in members],
                    awards=[{"id": award.lot_id, "title": lot.title if lot else award.lot_id, "status": "active",
                             "date": stamp(award.awarded_at), "suppliers": [_reference(m) for m in members],
                             "relatedLots": [award.lot_id]}])


def _unsuccessful(process: Process, publisher: Publisher, lot: Unsuccessful) -> Release:
    """The lot is "infructueux": no award; OCDS says so on the lot and with an unsuccessful award."""
    return _release(process, publisher, f"unsuccessful-{lot.lot_id}", lot.declared_at, ["tenderUpdate", "award"],
                    tender={"id": process.tender.tender_id, "lots": [{"id": lot.lot_id, "status": "unsuccessful"}]},
                    awards=[{"id": f"{lot.lot_id}-unsuccessful", "status": "unsuccessful",
                             "date": stamp(lot.declared_at), "relatedLots": [lot.lot_id]}])


def _contract(process: Process, publisher: Publisher, order: Order) -> Release:
    return _release(process, publisher, f"contract-{order.order_id}", order.placed_at, ["contract"],
                    contracts=[{"id": order.order_id, "awardID": order.lot_id,
                                "title": f"Bon de commande {order.order_id}", "status": "active",
                                "value": value(order.amount_cents), "dateSigned": stamp(order.placed_at)}])


def _closure(process: Process, publisher: Publisher, order: Order) -> Release:
    assert order.closed_at is not None and order.closed_amount_cents is not None
    return _release(process, publisher, f"contract-{order.order_id}-closed", order.closed_at, ["contractAmendment"],
                    contracts=[{"id": order.order_id, "awardID": order.lot_id, "status": "terminated",
                                "value": value(order.closed_amount_cents),
                                "amendments": [{"id": f"{order.order_id}-closed", "date": stamp(order.closed_at),
                                                "rationale": "Clôture du bon de commande : montant ramené à ce qui "
                                                             "a été gagné, le reste est libéré."}]}])


def _payment(process: Process, publisher: Publisher, payment: Payment) -> Release:
    order = next(o for o in process.orders if o.order_id == payment.order_id)
    holder = process.organisation(order.holder_organisation_id, payment.paid_at)
    transaction_id = payment.invoice_id  # billing's invoice ids name their version: one per version
    return _release(process, publisher, f"payment-{transaction_id}", payment.paid_at, ["implementation"],
                    parties=[party(process, holder, payment.paid_at)],
                    contracts=[{"id": order.order_id, "awardID": order.lot_id, "implementation": {"transactions": [{
                        "id": transaction_id, "date": stamp(payment.paid_at), "value": value(payment.paid_cents),
                        "payer": _buyer(publisher), "payee": _reference(holder)}]}}])


def _party_updates(process: Process, publisher: Publisher) -> list[Release]:
    """A supplier whose registration changed (name, SIRET) after its award: its new details."""
    updates: dict[str, Release] = {}
    for award in process.awards:
        for member in award.members:
            previous: tuple[str, str | None] | None = None
            for registration in process.registrations.get(member, ()):
                details = (registration.name, registration.siret)
                moment = registration.registered_at
                if moment is not None and moment > award.awarded_at and previous is not None and details != previous:
                    release = _release(process, publisher, f"party-{member}-{moment:%Y%m%dT%H%M%S%f}", moment,
                                       ["awardUpdate"], parties=[party(process, registration, moment)])
                    updates[release["id"]] = release
                previous = details
    return list(updates.values())
