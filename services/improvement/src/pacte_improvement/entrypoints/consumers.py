"""Kafka consumers of the improvement service (FastStream batch consumers of the platform)."""

from __future__ import annotations

from pacte_contracts import topics
from pacte_contracts.billing import PeriodClosingStarted
from pacte_improvement.service_layer.handlers import on_procurement, on_snapshots
from pacte_platform import cuts, orgauth
from pacte_platform.runtime import ConsumerSpec

#: Group names are stable: renaming one would replay its topics from the beginning.
CONSUMERS: list[ConsumerSpec] = [
    ConsumerSpec("improvement-procurement", [topics.PROCUREMENT_LOT, topics.PROCUREMENT_ORDER], on_procurement),
    ConsumerSpec("improvement-credentials", orgauth.CREDENTIAL_TOPICS, orgauth.apply_credential_events),
    ConsumerSpec("improvement-snapshots", [topics.INDICATORS_SNAPSHOT], on_snapshots),
    # Closings' consistent cuts: a marker behind every validation acknowledged before the request.
    ConsumerSpec("improvement-closings", [topics.BILLING_PERIOD],
                 cuts.announcing_closings("improvement", [topics.IMPROVEMENT_PLAN]), [PeriodClosingStarted]),
]
