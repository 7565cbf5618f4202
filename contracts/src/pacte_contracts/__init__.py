"""pacte event contracts: import this package to register every event type."""

from pacte_contracts import attendance, billing, codes, envelope, improvement, indicators, procurement, topics
from pacte_contracts.envelope import EVENT_TYPES, Envelope, Event, wrap

__all__ = [
    "EVENT_TYPES",
    "Envelope",
    "Event",
    "attendance",
    "billing",
    "codes",
    "envelope",
    "improvement",
    "indicators",
    "procurement",
    "topics",
    "wrap",
]
