"""The webhooks service's metrics (no organisation or endpoint in labels: bounded cardinality)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

ATTEMPTS = Counter("pacte_webhook_attempts_total", "Delivery attempts by outcome (delivered, retried, failed).",
                   ["outcome"])
DELIVERY_SECONDS = Histogram(
    "pacte_webhook_delivery_seconds", "From the event that gave rise to a notification to its delivery.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86_400),
)
