"""The accounting export's shape: one row per invoice line with the imputation a public accountant books it
under (axis, tender, lot, order, the organisation's SIRET, periods, kind), in CSV for spreadsheets and
JSON for software. Amounts: euros in the CSV (with the decimal separator asked), cents in the JSON."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pacte_contracts.rules import canonical_quantity

#: (CSV header, row field): French headers, as the accountant's spreadsheet shows them.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("periode", "period"), ("facture", "invoice_id"), ("version", "version"), ("statut", "status"),
    ("compte", "counts"), ("emise_le", "issued_on"), ("axe", "axis"), ("marche", "tender_id"), ("lot", "lot_id"),
    ("bon_de_commande", "order_id"), ("organisme", "organisation_id"), ("siret", "organisation_siret"),
    ("raison_sociale", "organisation_name"), ("ligne", "line"), ("nature", "kind"),
    ("periode_origine", "origin_period"), ("reference", "ref"), ("quantite", "quantity"),
    ("prix_unitaire", "unit_price_cents"), ("montant", "amount_cents"), ("reference_paiement", "payment_reference"),
    ("paye_le", "paid_on"),
)
MONEY = frozenset({"unit_price_cents", "amount_cents"})


def euros(cents: int, separator: str) -> str:
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units}{separator}{rest:02d}"


def csv_cell(field: str, value: Any, separator: str) -> str:
    """A cell's text: euros for money, exact quantities, ISO dates, oui/non; empty for nothing."""
    if value is None:
        return ""
    if field in MONEY:
        return euros(int(value), separator)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return canonical_quantity(value).replace(".", separator)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_row(row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for _, field in COLUMNS:
        value = row.get(field)
        if isinstance(value, Decimal):
            value = canonical_quantity(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[field] = value
    return out
