"""The year's dropout actions of every plan, for the market's annual steering committee."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pacte_contracts.codes import DROPOUT_REASON_LABELS_FR, DropoutReason
from pacte_contracts.spreadsheet import csv_text

from .dropout_actions import ActionItem

EXPORT_COLUMNS: tuple[str, ...] = (
    "plan_id", "year", "action_id", "reason_addressed", "reason_label", "description", "owner_role", "due_on",
    "status",
)
_REASON_ORDER = {r: i for i, r in enumerate(DropoutReason)}


def _row(item: ActionItem) -> dict[str, Any]:
    return {
        "plan_id": item.plan_id,
        "year": item.year,
        "action_id": item.action_id,
        "reason_addressed": item.reason_addressed.value,
        "reason_label": DROPOUT_REASON_LABELS_FR[item.reason_addressed],
        "description": item.description,
        "owner_role": item.owner_role,
        "due_on": item.due_on.isoformat(),
        "status": item.status.value,
    }


def _sorted(rows: Iterable[ActionItem]) -> list[ActionItem]:
    return sorted(rows, key=lambda a: (a.plan_id, a.year or 0, _REASON_ORDER[a.reason_addressed], a.due_on,
                                       a.action_id, a.description))


def export_csv(rows: Iterable[ActionItem]) -> str:
    """The steering committee's table: one line per action, header first, ``\\n`` line endings. Texts
    the organisations wrote (descriptions, roles, ids) are escaped so that a spreadsheet never runs them."""
    lines = ({**_row(item), "year": "" if item.year is None else str(item.year)} for item in _sorted(rows))
    return csv_text(EXPORT_COLUMNS, ([line[column] for column in EXPORT_COLUMNS] for line in lines))


def export_json(rows: Iterable[ActionItem]) -> str:
    """The same table as a JSON list of objects (UTF-8 text, French labels unescaped)."""
    return json.dumps([_row(item) for item in _sorted(rows)], ensure_ascii=False, indent=2)
