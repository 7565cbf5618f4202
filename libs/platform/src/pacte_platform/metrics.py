"""The platform's own Prometheus metrics (names follow Prometheus conventions: base units, _total)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

CONSUMED_EVENTS = Counter(
    "pacte_consumer_events_total", "Events taken from Kafka by a consumer, by outcome.",
    ["consumer", "outcome"],
)
CONSUMER_BATCH_SECONDS = Histogram(
    "pacte_consumer_batch_duration_seconds", "Time to process one batch in one transaction.", ["consumer"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CONSUMER_BATCH_SIZE = Histogram(
    "pacte_consumer_batch_size_events", "Events per consumed batch.", ["consumer"],
    buckets=(1, 10, 50, 100, 250, 500, 1000, 2500, 5000),
)
CONSUMER_FAILURES = Counter(
    "pacte_consumer_failures_total", "Failed attempts to process a message.", ["consumer"],
)
DEAD_LETTERS = Counter(
    "pacte_dead_letters_total", "Messages sent to a dead-letter topic.", ["consumer", "topic"],
)
CUT_MARKERS = Counter(
    "pacte_cut_markers_total", "Consistent-cut markers recorded by a consumer taking part in closings.",
    ["consumer", "topic"],
)
CUT_WAIT_SECONDS = Histogram(
    "pacte_cut_marker_wait_seconds",
    "Time from a cut's first marker to each later marker at a consumer (what a closing waits on), by topic.",
    ["consumer", "topic"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
CONSUMER_LAG = Gauge(
    "pacte_consumer_lag_events",
    "Events in the consumer's assigned partitions not yet handed to it (high watermark minus position).",
    ["service", "consumer", "topic"],
)
OUTBOX_DEPTH = Gauge("pacte_outbox_depth_events", "Events waiting in the outbox.", ["service"])
OUTBOX_PUBLISHED = Counter("pacte_outbox_published_total", "Events relayed from the outbox to Kafka.", ["service"])
OUTBOX_RELAY_LAG_SECONDS = Gauge(
    "pacte_outbox_relay_lag_seconds", "Age of the oldest event relayed in the last pass.", ["service"],
)
HTTP_REQUESTS = Counter(
    "pacte_http_requests_total", "HTTP requests by route and status class.", ["service", "method", "route", "status"],
)
HTTP_SECONDS = Histogram(
    "pacte_http_request_duration_seconds", "HTTP request latency.", ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
AUDIT_FAILURES = Counter(
    "pacte_audit_failures_total", "Refusals that could not be written to the audit trail (answered 503).",
    ["service"],
)
REJECTIONS = Counter(
    "pacte_command_rejections_total", "Commands refused, by stable reason code.", ["service", "command", "reason"],
)
