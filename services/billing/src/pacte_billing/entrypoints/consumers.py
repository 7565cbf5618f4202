"""Kafka consumers of billing: which topics feed which handler."""

from __future__ import annotations

from pacte_billing.adapters import ledger
from pacte_billing.service_layer.closing import ClosingHandlers
from pacte_billing.service_layer.facts import FACT_EVENTS, MIRRORED_FACTS, on_billable_facts
from pacte_billing.service_layer.parties import on_organisation_registered
from pacte_billing.service_layer.rebuild import on_billing_events
from pacte_contracts import topics
from pacte_contracts.procurement import OrganisationRegistered
from pacte_platform import orgauth
from pacte_platform.runtime import ConsumerSpec

FACT_TOPICS = [topics.PROCUREMENT_ORDER, topics.PROCUREMENT_SESSION, topics.ATTENDANCE_SESSION,
               topics.IMPROVEMENT_PLAN]
EVALUATION_TOPICS = [topics.IMPROVEMENT_EVALUATION]
OWN_TOPICS = [topics.BILLING_INVOICE, topics.BILLING_PERIOD]


def facts_consumer(prefix: str) -> str:
    return f"{prefix}-facts"


def consumer_specs(prefix: str) -> list[ConsumerSpec]:
    closings = ClosingHandlers(facts_consumer(prefix))
    return [
        # Takes part in closings' consistent cuts (docs/architecture.md): P's invoices are issued on the cut.
        # A batch with markers takes the ledger lock first, as the closing it may complete will: holding its
        # orders' accrual locks while waiting for it would deadlock with the other member's fact batch.
        ConsumerSpec(facts_consumer(prefix), FACT_TOPICS, on_billable_facts, FACT_EVENTS, parallel=True,
                     on_cut=closings.on_cut, takes_cut=closings.takes_cut, before_markers=ledger.lock_ledger,
                     mirrored=MIRRORED_FACTS),
        # Apart from the facts, so an evaluation is received even while the facts consumer holds a cut.
        ConsumerSpec(f"{prefix}-closing", EVALUATION_TOPICS, closings.on_milestones_evaluated),
        ConsumerSpec(f"{prefix}-own-events", OWN_TOPICS, on_billing_events),
        ConsumerSpec(f"{prefix}-credentials", orgauth.CREDENTIAL_TOPICS, orgauth.on_credential_events),
        # The sellers' legal data, for the invoices' documents.
        ConsumerSpec(f"{prefix}-organisations", [topics.PROCUREMENT_ORGANISATION], on_organisation_registered,
                     [OrganisationRegistered]),
    ]
