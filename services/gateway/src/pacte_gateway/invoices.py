"""What the pages work out from billing's invoice list: invoice ids, counting versions, ceiling alerts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def invoice_id_of(order_id: str, period: str, version: int) -> str:
    """Billing names invoices `INV-<order>-<period>-v<version>` (its list answers in report shape, without ids)."""
    return f"INV-{order_id}-{period}-v{version}"


def counting(invoices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The versions that count (BILLING.md): every one but a disputed one."""
    return [i for i in invoices if i["status"] != "disputed"]


def standing(invoice: dict[str, Any]) -> str:
    """Where a version stands, as `labels.INVOICE_STANDINGS` names it."""
    if invoice["status"] == "disputed":
        return "replaced" if invoice.get("replaced_by") else "disputed"
    return "reissued" if invoice.get("reissued") else "counts"


def ceiling_alerts(invoices: list[dict[str, Any]], orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Orders whose counting invoices reached the order's amount (ceiling, lowered once the order is
    closed), with what was held back above it."""
    ceilings = {o["order_id"]: o for o in orders}
    payable: dict[str, int] = defaultdict(int)
    over: dict[str, int] = defaultdict(int)
    for invoice in counting(invoices):
        payable[invoice["order_id"]] += int(invoice["payable_cents"])
        over[invoice["order_id"]] += int(invoice["over_ceiling_cents"])
    alerts = []
    for order_id in sorted(set(payable) | set(over)):
        order = ceilings.get(order_id)
        ceiling = int(order["amount_cents"]) if order else None
        if over[order_id] > 0 or (ceiling is not None and payable[order_id] >= ceiling):
            alerts.append({"order_id": order_id, "lot_id": order["lot_id"] if order else None,
                           "ceiling_cents": ceiling, "payable_cents": payable[order_id],
                           "over_ceiling_cents": over[order_id]})
    return alerts
