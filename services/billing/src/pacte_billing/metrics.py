"""Billing's business metrics (no label can carry personal data: none carries a trainee)."""

from __future__ import annotations

from prometheus_client import REGISTRY, Counter, Gauge, Histogram


def _existing(name: str) -> object | None:
    # The unit tests re-import this package; registering twice would raise.
    return REGISTRY._names_to_collectors.get(name)


def _gauge(name: str, documentation: str) -> Gauge:
    found = _existing(name)
    return found if isinstance(found, Gauge) else Gauge(name, documentation)


def _counter(name: str, documentation: str) -> Counter:
    found = _existing(name)
    return found if isinstance(found, Counter) else Counter(name, documentation)


#: No order label: the total is what operations watch; per-order values are on the API.
ACCRUED_CENTS = _gauge("pacte_billing_accrued_cents", "Billable but not yet invoiced, before ceilings, all orders.")
INVOICES_ISSUED = _counter("pacte_billing_invoices_issued_total", "Invoices issued (all versions).")
CEILINGS_REACHED = _counter("pacte_billing_order_ceilings_reached_total",
                            "Ceiling alerts raised (OrderCeilingReached): invoices bringing an order to its ceiling.")


def _histogram(name: str, documentation: str, labels: list[str], buckets: tuple[float, ...]) -> Histogram:
    found = _existing(name)
    return found if isinstance(found, Histogram) else Histogram(name, documentation, labels, buckets=buckets)


DOCUMENT_SECONDS = _histogram("pacte_billing_document_render_seconds",
                              "Rendering one invoice document (kind: facturx or service_certificate).", ["kind"],
                              (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5))
