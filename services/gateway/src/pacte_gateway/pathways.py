"""The steering page's pathways from Essentials and early dropout warnings (issue 22): the indicators
service's readings per scope, attendance's warning counts per lot and organisation. Counts only: the
buyer never sees a trainee or a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from pacte_contracts import rules
from pacte_gateway import labels

#: Scope types in display order, with their French name and the labels of their codes.
SCOPE_TYPES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("programme", "Programme", {}), ("axis", "Axe", labels.AXES), ("territory", "Territoire", labels.TERRITORIES),
    ("domain", "Domaine", labels.DOMAINS), ("action_type", "Type d'action", labels.ACTION_TYPES),
    ("organisation", "Organisme", {}), ("lot", "Lot", {}),
)
_ORDER = {kind: i for i, (kind, _, _) in enumerate(SCOPE_TYPES)}


def reading_day(text: str) -> tuple[str | None, str | None]:
    """The pathways' reading day typed in the page (`YYYY-MM-DD`), or None and the error to show."""
    typed = text.strip()
    if not typed:
        return None, None
    try:
        return date.fromisoformat(typed).isoformat(), None
    except ValueError:
        return None, f"« {typed} » n'est pas une date (AAAA-MM-JJ) : les parcours sont lus au dernier fait connu."


def read_on(pathways: dict[str, dict[str, Any]]) -> str | None:
    """The day the indicators read the pathways as of (the same in every scope's answer); None when no
    scope was answered (or by an indicators service from before `as_of` was answered)."""
    return next((values["as_of"] for values in pathways.values() if values.get("as_of")), None)


def pathway_rows(pathways: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per scope with an observed Essentials completion, the programme first, then by kind and code."""
    kinds = {kind: (name, table) for kind, name, table in SCOPE_TYPES}
    rows = []
    for scope, values in pathways.items():
        kind, _, code = scope.partition(":")
        name, table = kinds.get(kind, (kind, {}))
        rows.append({"scope": scope, "kind": name, "label": labels.label(table, code) if code else name, **values})
    return sorted(rows, key=lambda row: (_ORDER.get(row["scope"].partition(":")[0], len(_ORDER)), row["scope"]))


def warning_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The programme's warnings: the counts of every lot and organisation added, and their precision."""
    totals = rules.warning_totals(rows)
    return {**totals, "precision": rules.rate_string(totals["precision"])}
