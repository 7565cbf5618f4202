"""DECP 2.0.3 ("données essentielles de la commande publique"): one `marche` per awarded lot, pure.

The lot is the contract ("marché"): a framework agreement executed by orders ("accord-cadre à bons de
commande") with unit prices. Its amount is what its orders commit: the first order makes it
publishable (the format needs an amount of at least 1 EUR), each later change of that total (a new
order, an order closed with a lowered amount) is a `modification` dated when it happened. An entry
that cannot be published truthfully (a holder without SIRET, an identifier too long) is withheld and
said why, so that the registry gets fixed; it is never published with made-up data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pacte_opendata.domain.labels import label
from pacte_opendata.domain.model import Award, Lot, Process
from pacte_opendata.domain.money import euros
from pacte_opendata.domain.ocds import PARIS
from pacte_opendata.domain.publisher import Publisher

PROCEDURES = {"open": "Appel d'offres ouvert", "quote": "Procédure adaptée"}
ID_MAX = 16


@dataclass(frozen=True, slots=True)
class Withheld:
    lot_id: str
    reason: str


def paris_day(moment: datetime) -> str:
    return moment.astimezone(PARIS).date().isoformat()


def months_between(start: date, end: date) -> int:
    """Whole months from start to end, a started month counting (at least 1)."""
    months = (end.year - start.year) * 12 + (end.month - start.month) + (1 if end.day >= start.day else 0)
    return max(1, months)


def contract_id(publisher: Publisher, process: Process, lot: Lot, award: Award) -> str:
    return publisher.decp_id_template.format(
        year=award.awarded_at.astimezone(PARIS).year, tender_id=process.tender.tender_id,
        tender_reference=process.tender.reference, lot_id=lot.lot_id, lot_number=lot.number)


def amounts(process: Process, lot_id: str) -> list[tuple[datetime, int]]:
    """The lot's committed total after each change (orders placed, orders closed), in time order."""
    changes: list[tuple[datetime, int]] = []
    for order in process.orders:
        if order.lot_id == lot_id:
            changes.append((order.placed_at, order.amount_cents))
            if order.closed_at is not None and order.closed_amount_cents is not None:
                changes.append((order.closed_at, order.closed_amount_cents - order.amount_cents))
    totals, running = [], 0
    for moment, delta in sorted(changes, key=lambda c: c[0]):
        running += delta
        totals.append((moment, running))
    return totals


def marche(process: Process, award: Award, publisher: Publisher) -> dict[str, Any] | Withheld:
    lot = process.lot(award.lot_id)
    if lot is None:
        return Withheld(award.lot_id, "lot inconnu (définition non reçue)")
    members = [process.organisation(m) for m in award.members]
    missing = [m.organisation_id for m in members if not m.siret]
    if missing:
        return Withheld(lot.lot_id, f"SIRET inconnu pour {', '.join(missing)} (registre des organismes)")
    identifier = contract_id(publisher, process, lot, award)
    if not 1 <= len(identifier) <= ID_MAX:
        return Withheld(lot.lot_id, f"identifiant {identifier!r} de plus de {ID_MAX} caractères")
    totals = amounts(process, lot.lot_id)
    if not totals or totals[0][1] < 100:
        return Withheld(lot.lot_id, "aucun bon de commande : montant inconnu")
    first_at, first_cents = totals[0]
    tender = process.tender
    entry: dict[str, Any] = {
        "id": identifier, "acheteur": {"id": publisher.buyer_siret}, "nature": "Marché",
        "objet": (f"{tender.title} — lot {lot.number} : {lot.title} ({label('territory', lot.territory)}, "
                  f"{label('domain', lot.domain)}, action {label('action_type', lot.action_type).lower()})")[:1000],
        "codeCPV": publisher.cpv, "techniques": {"technique": ["Accord-cadre"]},
        "modalitesExecution": {"modaliteExecution": ["Bons de commande"]}, "marcheInnovant": False,
        "ccag": "Fournitures courantes et services",
        # The system records only the awarded offer; the count of offers received is not known to it.
        "offresRecues": 1, "attributionAvance": False,
        "typeGroupementOperateurs": publisher.grouping_type if len(members) > 1 else "Pas de groupement",
        "sousTraitanceDeclaree": False, "procedure": PROCEDURES.get(tender.procedure, "Procédure adaptée"),
        "lieuExecution": {"code": lot.territory, "typeCode": "Code département"},
        "dureeMois": months_between(tender.starts_on, tender.ends_on),
        "dateNotification": paris_day(award.awarded_at), "datePublicationDonnees": paris_day(first_at),
        "montant": euros(first_cents), "typesPrix": {"typePrix": ["Définitif ferme"]}, "formePrix": "Unitaire",
        "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": m.siret}} for m in members],
        "considerationsSociales": {"considerationSociale": ["Pas de considération sociale"]},
        "considerationsEnvironnementales": {"considerationEnvironnementale": ["Pas de considération environnementale"]},
    }
    modifications = [{"modification": {"id": n, "montant": euros(cents), "dateNotificationModification": paris_day(at),
                                       "datePublicationDonneesModification": paris_day(at)}}
                     for n, (at, cents) in enumerate(totals[1:], start=1) if cents >= 100]
    if modifications:
        entry["modifications"] = modifications
    return entry


def marches(processes: list[Process], publisher: Publisher) -> tuple[dict[str, Any], list[Withheld]]:
    published: list[dict[str, Any]] = []
    withheld: list[Withheld] = []
    for process in processes:
        for award in process.awards:
            entry = marche(process, award, publisher)
            if isinstance(entry, Withheld):
                withheld.append(entry)
            else:
                published.append(entry)
    return {"marches": {"marche": sorted(published, key=lambda m: m["id"])}}, withheld
