"""Where an invoice version stands, as the pages name it (billing says whether it counts and what replaced it)."""

from __future__ import annotations

from typing import Any


def standing(invoice: dict[str, Any]) -> str:
    """Where a version stands, as `labels.INVOICE_STANDINGS` names it."""
    if invoice["status"] == "disputed":
        return "replaced" if invoice.get("replaced_by") else "disputed"
    return "reissued" if invoice.get("reissued") else "counts"
