"""Kafka consumers of the attendance service (one transaction per batch, inbox dedup by the platform)."""

from __future__ import annotations

from pacte_attendance.service_layer.sessions import apply_session_events
from pacte_contracts.billing import PeriodClosingStarted
from pacte_contracts.topics import ATTENDANCE_SESSION, BILLING_PERIOD, PROCUREMENT_SESSION
from pacte_platform import cuts, orgauth
from pacte_platform.runtime import ConsumerSpec


def consumer_specs() -> list[ConsumerSpec]:
    return [
        ConsumerSpec("attendance-sessions", [PROCUREMENT_SESSION], apply_session_events),
        # Keys are written directly when issued; this keeps the projection converging with the topic
        # (another replica's issue, a replay after restore) the same way every other service does.
        ConsumerSpec("attendance-credentials", orgauth.CREDENTIAL_TOPICS, orgauth.apply_credential_events),
        # Closings' consistent cuts: a marker behind every declaration acknowledged before the request.
        ConsumerSpec("attendance-closings", [BILLING_PERIOD],
                     cuts.announcing_closings("attendance", [ATTENDANCE_SESSION]), [PeriodClosingStarted]),
    ]
