"""Kafka consumers of the attendance service (one transaction per batch, inbox dedup by the platform)."""

from __future__ import annotations

from pacte_attendance.service_layer.events import (
    on_organisation_registered,
    on_period_closing_started,
    on_session_events,
)
from pacte_contracts.billing import PeriodClosed, PeriodClosingStarted
from pacte_contracts.procurement import OrganisationRegistered, SessionCancelled, SessionScheduled
from pacte_contracts.topics import BILLING_PERIOD, PROCUREMENT_ORGANISATION, PROCUREMENT_SESSION
from pacte_platform import orgauth
from pacte_platform.runtime import ConsumerSpec


def consumer_specs() -> list[ConsumerSpec]:
    return [
        ConsumerSpec("attendance-sessions", [PROCUREMENT_SESSION], on_session_events,
                     [SessionScheduled, SessionCancelled]),
        # API keys are issued to registered organisations only.
        ConsumerSpec("attendance-organisations", [PROCUREMENT_ORGANISATION], on_organisation_registered,
                     [OrganisationRegistered]),
        # A closing request closes its period to cancellations and announces the closing's cut, in one
        # transaction: a cancellation is either before the cut's marker or refused (docs/architecture.md).
        ConsumerSpec("attendance-periods", [BILLING_PERIOD], on_period_closing_started,
                     [PeriodClosingStarted, PeriodClosed]),
        # Keys are written directly when issued; this keeps the projection converging with the topic
        # (another replica's issue, a replay after restore) the same way every other service does.
        ConsumerSpec("attendance-credentials", orgauth.CREDENTIAL_TOPICS, orgauth.on_credential_events),
    ]
