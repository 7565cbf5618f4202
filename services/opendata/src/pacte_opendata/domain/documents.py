"""The published files other than OCDS and DECP (pure): the public indicators as JSON and CSV, their
French data dictionary, and the catalogue of everything published with its licence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from pacte_contracts.spreadsheet import csv_text
from pacte_opendata.domain import dictionary
from pacte_opendata.domain.public_indicators import COLUMNS, THRESHOLD, scope_label
from pacte_opendata.domain.publisher import LICENCE_NAME, LICENCE_URL, Publisher

MONEY = frozenset(c for c in COLUMNS if c.endswith("_eur"))
#: path → (title, format, standard)
FILES: Mapping[str, tuple[str, str, str]] = {
    "ocds/release-package.json": ("Procédures, attributions, bons de commande et paiements (releases OCDS)",
                                  "JSON", "OCDS 1.1.5, extension lots"),
    "ocds/record-package.json": ("Un enregistrement compilé par procédure (records OCDS)", "JSON", "OCDS 1.1.5"),
    "decp/marches.json": ("Données essentielles des marchés attribués", "JSON", "DECP 2.0.3"),
    "decp/withheld.json": ("Marchés attribués pas encore publiables en DECP, et pourquoi", "JSON", ""),
    "indicators/indicators.json": ("Indicateurs publics par périmètre, avec secret statistique", "JSON", ""),
    "indicators/indicators.csv": ("Indicateurs publics par périmètre, avec secret statistique", "CSV", ""),
    "indicators/dictionary.csv": ("Dictionnaire des données des indicateurs", "CSV", ""),
}


def labelled(rows: Sequence[Mapping[str, Any]], organisation_names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Stored rows with their label and exact money: what the JSON file lists."""
    result = []
    for row in rows:
        label = scope_label(row["scope"], organisation_names)
        figures = {k: Decimal(v) if k in MONEY and v is not None else v for k, v in row["figures"].items()}
        result.append({"scope": row["scope"], "scope_type": row["scope_type"], "scope_id": row["scope_id"],
                       "label": label, **figures, "secret": list(row["secret"])})
    return result


def indicators_document(rows: list[dict[str, Any]], publisher: Publisher, computed_at: datetime) -> dict[str, Any]:
    return {"title": "Indicateurs publics du pacte régional d'investissement dans les compétences",
            "publisher": publisher.buyer_name, "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
            "computed_at": computed_at.isoformat(), "threshold": THRESHOLD, "confidentiality": dictionary.RULE,
            "dictionary": f"{publisher.base_url}/indicators/dictionary.csv", "scopes": rows}


def indicators_csv(rows: list[dict[str, Any]]) -> str:
    """Labels are organisations' names as registered: escaped, like every text cell, for spreadsheets."""
    return csv_text(["scope_type", "scope_id", "label", *COLUMNS], (
        [row["scope_type"], row["scope_id"], row["label"],
         *(dictionary.SECRET if c in set(row["secret"]) else "" if row[c] is None else row[c] for c in COLUMNS)]
        for row in rows))


def dictionary_csv() -> str:
    return csv_text(["colonne", "libelle", "definition", "type", "unite"],
                    ([column, label, definition, kind, unit]
                     for column, (label, definition, kind, unit) in dictionary.COLUMNS.items()))


def catalogue(publisher: Publisher, modified: Mapping[str, datetime]) -> dict[str, Any]:
    return {
        "title": "Données ouvertes du pacte régional d'investissement dans les compétences",
        "description": ("Procédures d'achat de formations, attributions, bons de commande et paiements (OCDS), "
                        "données essentielles des marchés (DECP) et indicateurs publics avec secret statistique. "
                        "Données à jour à la minute, reconstruites à partir des événements du système."),
        "publisher": {"name": publisher.buyer_name, "siret": publisher.buyer_siret},
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "confidentiality": dictionary.RULE,
        "datasets": [{"path": path, "url": f"{publisher.base_url}/{path}", "title": title, "format": fmt,
                      "standard": standard or None, "modified": modified[path].isoformat()}
                     for path, (title, fmt, standard) in FILES.items() if path in modified],
    }
