"""French labels of the wire codes shown in the pages."""

from __future__ import annotations

from typing import Any

from pacte_contracts.codes import (
    ACTION_TYPE_LABELS_FR,
    AXIS_LABELS_FR,
    DOMAIN_LABELS_FR,
    DROPOUT_REASON_LABELS_FR,
    TERRITORY_NAMES,
)

ROLES = {"buyer": "Acheteur", "finance": "Finances", "steering": "Pilotage", "auditor": "Auditeur (lecture seule)"}

AXES = {axis.value: label for axis, label in AXIS_LABELS_FR.items()}
PROCEDURES = {"open": "Appel d'offres ouvert", "quote": "Procédure adaptée (devis)"}
TERRITORIES = {t.value: f"{t.value} — {name}" for t, name in TERRITORY_NAMES.items()}
DOMAINS = {domain.value: label for domain, label in DOMAIN_LABELS_FR.items()}
ACTION_TYPES = {action_type.value: label for action_type, label in ACTION_TYPE_LABELS_FR.items()}
BILLING_UNITS = {"trainee_hour": "Heure stagiaire", "opening_day": "Journée d'ouverture",
                 "trainer_hour": "Heure formateur"}
LINE_KINDS = {**BILLING_UNITS, "milestone": "Jalon du plan d'amélioration", "return_to_work": "Bonus retour à l'emploi",
              "continuity": "Prime de continuité du parcours",
              "over_ceiling": "Retenu au-delà du plafond"}
STATUSES = {
    # tenders, lots, orders, sessions
    "published": "Publié", "closed": "Clos", "open": "Ouvert", "awarded": "Attribué", "unsuccessful": "Infructueux",
    "placed": "Passée", "scheduled": "Programmée", "running": "En cours", "finished": "Terminée",
    "cancelled": "Annulée",
    # invoices
    "issued": "Émise", "approved": "Approuvée", "paid": "Payée", "disputed": "Contestée",
    # milestones and actions
    "planned": "Prévu", "achieved": "Atteint", "missed": "Manqué", "waived": "Levé", "in_progress": "En cours",
    "done": "Fait", "dropped": "Abandonné",
}
#: An order's status: the buyer closes it (BILLING.md "Closing an order").
ORDER_STATUSES = {"placed": "Passée", "closed": "Clôturée"}
#: Where an invoice version stands (BILLING.md "Disputes").
INVOICE_STANDINGS = {
    "counts": "Compte (à payer dans la limite du plafond)",
    "disputed": "Ne compte plus : contestée, en attente de sa nouvelle version",
    "replaced": "Ne compte plus : contestée, remplacée par une nouvelle version",
    "reissued": "Nouvelle version d'une facture contestée",
}
VAT_STATUSES = {"registered": "Assujetti à la TVA", "franchise": "Franchise en base (art. 293 B du CGI)",
                "not_subject": "Non assujetti"}
VAT_RATES = {"": "Exonéré : formation professionnelle (art. 261-4-4° a du CGI)", "20": "20 %", "10": "10 %",
             "5.5": "5,5 %", "2.1": "2,1 %"}
PERIOD_STATUSES = {"open": "Ouverte", "closed": "Clôturée",
                   "awaiting_milestone_evaluation": "Clôture en cours : en attente des indicateurs et des jalons"}
DIMENSIONS = {"trainee_support": "Accompagnement des stagiaires", "dropout_prevention": "Prévention des abandons",
              "pedagogy": "Pédagogie", "employer_links": "Liens avec les employeurs", "continuity": "Continuité",
              "satisfaction": "Satisfaction"}
INDICATORS = {
    "places_offered": "Places offertes", "entries": "Entrées en formation", "fill_rate": "Taux de remplissage",
    "exits": "Sorties", "dropouts": "Abandons", "dropout_rate": "Taux d'abandon",
    "dropout_excl_employment_rate": "Taux d'abandon hors retour à l'emploi",
    "certification_rate": "Taux de certification", "partial_certification_rate": "Taux de certification partielle",
    "return_to_work_6m_rate": "Retour à l'emploi à 6 mois", "durable_employment_6m_rate": "Emploi durable à 6 mois",
    "return_to_work_12m_rate": "Retour à l'emploi à 12 mois", "satisfaction_avg": "Satisfaction moyenne (sur 5)",
    "satisfaction_response_rate": "Taux de réponse à la satisfaction",
    "priority_public_share": "Part des publics prioritaires", "below_bac_share": "Part des infra-bac",
    "suspensions": "Suspensions", "committed_cents": "Engagé", "invoiced_cents": "Facturé (à payer)",
    "paid_cents": "Payé", "accrued_cents": "Reste à facturer (estimé)", "cost_per_entry_cents": "Coût par entrée",
}
COMPARATORS = {"<=": "≤", ">=": "≥"}
DROPOUT_REASONS = {reason.value: label for reason, label in DROPOUT_REASON_LABELS_FR.items()}
PROBLEMS = {
    "invalid": "Demande invalide", "forbidden": "Action non autorisée pour votre rôle",
    "unauthorized": "Session expirée : reconnectez-vous", "not_found": "Introuvable",
    "conflict": "Conflit avec l'état actuel", "budget_exceeded": "Budget de l'appel d'offres dépassé",
    "lot_not_awarded": "Le lot n'est pas attribué", "unknown_session": "Session inconnue",
    "session_cancelled": "Session annulée", "idempotency_key_reused": "Formulaire déjà envoyé",
    "unavailable": "Service momentanément indisponible",
    "legal_data_missing": "Données légales de l'organisme manquantes",
    "not_approved": "Facture non approuvée",
}


#: Course length bands of the dropout analysis (planned days × hours per day).
LENGTH_BANDS = {"under_150": "Moins de 150 h", "150_299": "150 à 299 h", "300_599": "300 à 599 h",
                "600_plus": "600 h et plus", "unknown": "Durée inconnue"}
PRIORITY_PUBLICS = {"qpv": "Quartier prioritaire (QPV)", "zrr": "Zone de revitalisation rurale (ZRR)",
                    "disability": "Travailleur handicapé (RQTH)", "minimum_income": "Minima sociaux",
                    "single_parent": "Parent isolé", "justice": "Sous main de justice", "migrant": "Personne migrante",
                    "neet": "Jeune ni en emploi, ni en études, ni en formation", "invisible": "Public « invisible »",
                    "none": "Aucun public prioritaire"}
PRICE_SOURCES = {"given": "prix saisi", "contract": "prix du marché",
                 "programme_median": "prix médian des lots du programme", "break_even": "prix d'équilibre"}


def label(table: dict[str, str], code: Any) -> str:
    if code is None:
        return "—"
    return table.get(str(code), str(code))


def install(env: Any) -> None:
    tables = {"axis": AXES, "procedure": PROCEDURES, "territory": TERRITORIES, "domain": DOMAINS,
              "action_type": ACTION_TYPES, "billing_unit": BILLING_UNITS, "line_kind": LINE_KINDS,
              "status": STATUSES, "period_status": PERIOD_STATUSES, "dimension": DIMENSIONS,
              "indicator": INDICATORS, "comparator": COMPARATORS, "reason": DROPOUT_REASONS, "role": ROLES,
              "order_status": ORDER_STATUSES, "invoice_standing": INVOICE_STANDINGS, "vat_status": VAT_STATUSES,
              "vat_rate": VAT_RATES, "length_band": LENGTH_BANDS, "public": PRIORITY_PUBLICS,
              "price_source": PRICE_SOURCES}
    for name, table in tables.items():
        env.filters[f"{name}_fr"] = lambda code, _t=table: label(_t, code)
    env.globals["choices"] = {"axis": AXES, "procedure": PROCEDURES, "territory": TERRITORIES, "domain": DOMAINS,
                              "action_type": ACTION_TYPES, "billing_unit": BILLING_UNITS, "vat_status": VAT_STATUSES,
                              "vat_rate": VAT_RATES}
