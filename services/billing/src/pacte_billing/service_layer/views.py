"""What billing's answers show: invoices in the report's shape, with their details, and closings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from pacte_billing.adapters.closings import CLOSED
from pacte_billing.adapters.invoices import StoredInvoice, invoice_id_for
from pacte_billing.domain.periods import last_day
from pacte_contracts.billing import closing_cut_id
from pacte_contracts.rules import canonical_quantity
from pacte_platform import cuts


def report_view(invoice: StoredInvoice) -> dict[str, Any]:
    """The report shape of SCENARIO.md, nothing more."""
    return {
        "order_id": invoice.order_id, "period": invoice.period, "version": invoice.version,
        "lines": [
            {"kind": str(line.kind), "origin_period": line.origin_period, "ref": line.ref,
             "quantity": canonical_quantity(line.quantity), "unit_price_cents": line.unit_price_cents,
             "amount_cents": line.amount_cents}
            for line in invoice.lines
        ],
        "total_cents": invoice.total_cents, "payable_cents": invoice.payable_cents,
        "over_ceiling_cents": invoice.over_ceiling_cents, "status": invoice.status,
    }


def dispute_view(invoice: StoredInvoice, latest_version: int) -> dict[str, Any]:
    """Where a version stands among its (order, period)'s: disputed and why, replaced by which version."""
    replaced = latest_version > invoice.version
    return {
        "invoice_id": invoice.invoice_id, "counts": invoice.status != "disputed", "reissued": invoice.reissued,
        "dispute_reason": invoice.dispute_reason,
        "disputed_at": invoice.status_changed_at.isoformat() if invoice.status == "disputed" else None,
        "replaced_by": invoice_id_for(invoice.order_id, invoice.period, invoice.version + 1) if replaced else None,
        "issued_at": invoice.issued_at.isoformat(),
    }


def latest_versions(invoices: Sequence[StoredInvoice]) -> dict[tuple[str, str], int]:
    latest: dict[tuple[str, str], int] = {}
    for i in invoices:
        latest[i.order_id, i.period] = max(latest.get((i.order_id, i.period), 0), i.version)
    return latest


def detailed_views(invoices: Sequence[StoredInvoice], versions: Sequence[StoredInvoice]) -> list[dict[str, Any]]:
    """`invoices` in full (numbered lines, dispute state); `versions`: every version of their slots."""
    latest = latest_versions(versions)
    out = []
    for invoice in invoices:
        view = report_view(invoice)
        for n, line in enumerate(view["lines"], start=1):
            line["n"] = n
        out.append({**view, **dispute_view(invoice, latest[invoice.order_id, invoice.period])})
    return out


def closing_view(row: asyncpg.Record | None, period: str, cut: cuts.Progress | None = None) -> dict[str, Any]:
    """The closing's state; while it runs, what it waits for: the markers of the cut still awaited
    (topic and partition), and improvement's evaluation."""
    if row is None:
        return {"period": period, "status": "open", "as_of": last_day(period).isoformat(), "invoices_issued": None,
                "started_at": None, "closed_at": None, "progress": None}
    progress = None
    if row["status"] != CLOSED:
        progress = {
            "cut": cut.as_dict() if cut is not None else {"cut_id": closing_cut_id(period), "status": "open",
                                                         "awaited": None, "arrived": 0, "expected": None},
            "cut_aligned_at": _iso(row["cut_aligned_at"]),
            "milestones_evaluated_at": _iso(row["evaluated_at"]),
        }
    return {
        "period": period, "status": row["status"], "as_of": row["as_of"].isoformat(),
        "invoices_issued": row["invoices_issued"], "started_at": _iso(row["started_at"]),
        "closed_at": _iso(row["closed_at"]), "progress": progress,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
