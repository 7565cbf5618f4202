"""Dictionnaire des données des indicateurs publics (en français), colonne par colonne."""

from __future__ import annotations

from typing import Final

from pacte_contracts.codes import DROPOUT_REASON_LABELS_FR

SECRET: Final = "secret"

#: colonne → (libellé, définition, type, unité)
COLUMNS: Final[dict[str, tuple[str, str, str, str]]] = {
    "scope_type": ("Type de périmètre", "programme, axis (axe du pacte), territory (département), domain (domaine "
                   "d'excellence), action_type (type d'action) ou organisation (organisme de formation titulaire)",
                   "texte", ""),
    "scope_id": ("Code du périmètre", "Code de l'axe, du département (code INSEE), du domaine, du type d'action ou "
                 "identifiant de l'organisme ; « programme » pour l'ensemble", "texte", ""),
    "label": ("Libellé du périmètre", "Libellé en clair du périmètre (raison sociale pour un organisme)", "texte", ""),
    "places_offered": ("Places offertes", "Somme des capacités des sessions programmées non annulées", "entier",
                       "places"),
    "entries": ("Entrées en formation", "Nombre d'entrées (stagiaire, session) distinctes", "entier", "personnes"),
    "exits": ("Sorties", "Fins de parcours : formations achevées et abandons", "entier", "personnes"),
    "dropouts": ("Abandons", "Nombre d'abandons", "entier", "personnes"),
    **{f"dropouts_by_reason.{reason.value}": (f"Abandons : {label}", f"Abandons pour le motif « {label} »", "entier",
                                              "personnes") for reason, label in DROPOUT_REASON_LABELS_FR.items()},
    "certifying_exits": ("Sorties d'actions certifiantes", "Sorties des sessions de lots certifiants", "entier",
                         "personnes"),
    "outcomes_6m": ("Situations connues à 6 mois", "Sorties dont la situation à 6 mois est connue (hors « inconnue »)",
                    "entier", "personnes"),
    "outcomes_12m": ("Situations connues à 12 mois", "Sorties dont la situation à 12 mois est connue", "entier",
                     "personnes"),
    "responses": ("Réponses à l'enquête de satisfaction", "Stagiaires sortis ayant donné une note de 1 à 5", "entier",
                  "personnes"),
    "fill_rate": ("Taux de places pourvues", "Entrées / places offertes", "décimal (4 chiffres)", "ratio"),
    "dropout_rate": ("Taux d'abandon", "Abandons / entrées", "décimal (4 chiffres)", "ratio"),
    "dropout_excl_employment_rate": ("Taux d'abandon hors retour à l'emploi",
                                     "Abandons pour un autre motif que le retour à l'emploi / entrées",
                                     "décimal (4 chiffres)", "ratio"),
    "certification_rate": ("Taux de certification", "Certifications complètes / sorties d'actions certifiantes",
                           "décimal (4 chiffres)", "ratio"),
    "partial_certification_rate": ("Taux de certification partielle",
                                   "Certifications partielles (blocs de compétences) / sorties d'actions certifiantes",
                                   "décimal (4 chiffres)", "ratio"),
    "return_to_work_6m_rate": ("Taux de retour à l'emploi à 6 mois",
                               "Sorties en emploi (durable ou non) à 6 mois / situations connues à 6 mois",
                               "décimal (4 chiffres)", "ratio"),
    "durable_employment_6m_rate": ("Taux d'insertion durable à 6 mois",
                                   "Sorties en emploi durable (CDI, CDD de 6 mois ou plus) à 6 mois / situations "
                                   "connues à 6 mois", "décimal (4 chiffres)", "ratio"),
    "return_to_work_12m_rate": ("Taux de retour à l'emploi à 12 mois",
                                "Sorties en emploi à 12 mois / situations connues à 12 mois", "décimal (4 chiffres)",
                                "ratio"),
    "satisfaction_avg": ("Satisfaction moyenne", "Moyenne des notes (1 à 5) des stagiaires sortis",
                         "décimal (4 chiffres)", "note sur 5"),
    "satisfaction_response_rate": ("Taux de réponse à l'enquête de satisfaction", "Réponses / sorties",
                                   "décimal (4 chiffres)", "ratio"),
    "committed_eur": ("Montant engagé", "Montant des bons de commande (montant abaissé d'un bon clos)", "décimal",
                      "euros HT"),
    "invoiced_eur": ("Montant facturé", "Montant à payer des factures émises qui comptent", "décimal", "euros HT"),
    "paid_eur": ("Montant payé", "Montant des factures payées", "décimal", "euros HT"),
    "cost_per_entry_eur": ("Coût par entrée", "Montant facturé / entrées, arrondi au centime", "décimal", "euros HT"),
    "secret": ("Valeurs soumises au secret statistique",
               "Colonnes de la ligne non publiées au titre du secret statistique (JSON : valeur null et nom listé "
               "ici ; CSV : valeur « secret »)", "liste", ""),
}

RULE: Final = (
    "Secret statistique : aucun effectif de 1 à 4 personnes n'est publié, ni aucun groupe de 1 à 4 personnes que "
    "l'on pourrait en déduire (sorties moins abandons, etc.), ni la somme des notes de moins de 5 répondants ; un "
    "taux ou un coût n'est publié que si tous les effectifs dont il est calculé le sont. Un secret secondaire "
    "masque d'autres effectifs de sorte qu'aucune valeur masquée ne puisse être retrouvée par différence entre "
    "totaux (le programme est la somme de ses axes, départements, domaines, types d'action et organismes ; les "
    "abandons la somme de leurs motifs). Un zéro est publié. Une valeur vide signifie « non défini » "
    "(dénominateur nul)."
)
