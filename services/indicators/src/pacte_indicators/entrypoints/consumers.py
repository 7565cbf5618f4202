"""The indicators service's Kafka consumer: every fact it counts, in one group."""

from __future__ import annotations

from pacte_contracts import topics
from pacte_indicators.service_layer import readings
from pacte_indicators.service_layer.projection import PROJECTED_EVENTS, project_facts
from pacte_platform.runtime import ConsumerSpec

FACT_TOPICS = (
    topics.PROCUREMENT_TENDER, topics.PROCUREMENT_LOT, topics.PROCUREMENT_ORDER, topics.PROCUREMENT_SESSION,
    topics.PROCUREMENT_REFERENCE, topics.ATTENDANCE_SESSION, topics.BILLING_INVOICE, topics.BILLING_ACCRUAL,
)



def consumer_specs(prefix: str = "indicators") -> list[ConsumerSpec]:
    return [
        # Takes part in closings' consistent cuts: the milestone snapshot is taken on the cut.
        ConsumerSpec(f"{prefix}-facts", FACT_TOPICS, project_facts, PROJECTED_EVENTS, on_cut=readings.on_closing_cut),
    ]
