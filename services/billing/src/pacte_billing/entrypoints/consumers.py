"""Kafka consumers of billing: which topics feed which handler."""

from __future__ import annotations

from pacte_billing.service_layer.closing import handle_evaluations
from pacte_billing.service_layer.facts import FACT_EVENTS, handle_facts
from pacte_billing.service_layer.rebuild import handle_own_events
from pacte_contracts import topics
from pacte_platform import orgauth
from pacte_platform.runtime import ConsumerSpec

FACT_TOPICS = [topics.PROCUREMENT_ORDER, topics.PROCUREMENT_SESSION, topics.ATTENDANCE_SESSION,
               topics.IMPROVEMENT_PLAN]
EVALUATION_TOPICS = [topics.IMPROVEMENT_EVALUATION]
OWN_TOPICS = [topics.BILLING_INVOICE, topics.BILLING_PERIOD]


def consumer_specs(prefix: str) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(f"{prefix}-facts", FACT_TOPICS, handle_facts, FACT_EVENTS, parallel=True),
        # Apart from the facts, so a closing never waits behind a backlog of attendance batches.
        ConsumerSpec(f"{prefix}-closing", EVALUATION_TOPICS, handle_evaluations),
        ConsumerSpec(f"{prefix}-own-events", OWN_TOPICS, handle_own_events),
        ConsumerSpec(f"{prefix}-credentials", orgauth.CREDENTIAL_TOPICS, orgauth.apply_credential_events),
    ]
