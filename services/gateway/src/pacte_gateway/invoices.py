"""What the pages work out from billing's invoice list: invoice ids, latest versions, ceiling alerts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def invoice_id_of(order_id: str, period: str, version: int) -> str:
    """Billing names invoices `INV-<order>-<period>-v<version>` (its list answers in report shape, without ids)."""
    return f"INV-{order_id}-{period}-v{version}"


def latest_versions(invoices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for invoice in invoices:
        slot = (invoice["order_id"], invoice["period"])
        if slot not in latest or invoice["version"] > latest[slot]["version"]:
            latest[slot] = invoice
    return list(latest.values())


def ceiling_alerts(invoices: list[dict[str, Any]], orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Orders whose invoices reached the order's amount (ceiling), with what was held back above it."""
    ceilings = {o["order_id"]: o for o in orders}
    payable: dict[str, int] = defaultdict(int)
    over: dict[str, int] = defaultdict(int)
    for invoice in latest_versions(invoices):
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
