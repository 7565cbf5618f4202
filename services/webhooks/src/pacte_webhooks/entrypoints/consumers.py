"""Kafka consumers of the webhooks service: its own group, so it never holds another service's."""

from __future__ import annotations

from pacte_contracts import topics
from pacte_platform import orgauth
from pacte_platform.runtime import ConsumerSpec
from pacte_webhooks.service_layer.events import CONSUMED_EVENTS, on_events

EVENT_TOPICS = (topics.PROCUREMENT_ORDER, topics.BILLING_INVOICE, topics.IMPROVEMENT_PLAN, topics.ATTENDANCE_WARNING)


def consumer_specs(prefix: str) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(f"{prefix}-events", EVENT_TOPICS, on_events, CONSUMED_EVENTS),
        ConsumerSpec(f"{prefix}-credentials", orgauth.CREDENTIAL_TOPICS, orgauth.on_credential_events),
    ]
