"""HTTP back-office API and Kafka consumers of the procurement service."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import FastAPI

from pacte_contracts.attendance import EnrolmentCancelled, TraineeEvent
from pacte_contracts.billing import OrderClosed, PeriodClosingStarted
from pacte_contracts.topics import ALL_TOPICS, ATTENDANCE_SESSION, BILLING_INVOICE, BILLING_PERIOD
from pacte_platform import cuts, orgauth
from pacte_platform.commands import document_models
from pacte_platform.runtime import ConsumerSpec, ServiceRuntime
from pacte_platform.settings import PlatformSettings
from pacte_procurement.domain import COMMANDS
from pacte_procurement.service_layer import handlers

from . import integration, lots, orders, registry, sessions, tenders

SERVICE = "procurement"
DEFAULT_PORT = 8001
ENROLMENTS_CONSUMER = "procurement-enrolments"
ORDERS_CONSUMER = "procurement-orders"
CLOSINGS_CONSUMER = "procurement-closings"
CREDENTIALS_CONSUMER = "procurement-credentials"
PROCUREMENT_TOPICS = sorted(t for t in ALL_TOPICS if t.startswith("procurement."))
PROGRAMME_TZ = ZoneInfo("Europe/Paris")

MIGRATIONS_DIR = Path(os.environ.get("PROCUREMENT_MIGRATIONS_DIR", Path(__file__).resolve().parents[3] / "migrations"))

TAGS = [
    {"name": "tenders", "description": "Tenders (draft → published → closed) and their budget"},
    {"name": "lots", "description": "Lots of a tender, awards to an organisation or a grouping"},
    {"name": "orders", "description": "Orders (bons de commande) committed against the tender's budget"},
    {"name": "sessions", "description": "Sessions of an order, and the 6-month rolling catalogue"},
    {"name": "organisations", "description": "Registry of training organisations"},
    {"name": "reference", "description": "Reference data: job-seeker counts per territory"},
    {"name": "audit", "description": "Append-only trail of every write"},
    {"name": "integration", "description": "Training organisations' reads (organisation API key)"},
]


def programme_today() -> date:
    """The programme runs in metropolitan France; "today" is its civil date."""
    return datetime.now(PROGRAMME_TZ).date()


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    if settings is None:
        settings = PlatformSettings()
        if "HTTP_PORT" not in os.environ:
            settings = settings.model_copy(update={"http_port": DEFAULT_PORT})
    return ServiceRuntime(
        service=SERVICE,
        migrations_dir=MIGRATIONS_DIR,
        consumers=[ConsumerSpec(ENROLMENTS_CONSUMER, [ATTENDANCE_SESSION], handlers.on_attendance_session_events,
                                [TraineeEvent, EnrolmentCancelled]),
                   ConsumerSpec(ORDERS_CONSUMER, [BILLING_INVOICE], handlers.on_order_closed, [OrderClosed]),
                   # Closings' consistent cuts: a marker on every procurement topic (docs/architecture.md).
                   ConsumerSpec(CLOSINGS_CONSUMER, [BILLING_PERIOD],
                                cuts.announcing_closings(SERVICE, PROCUREMENT_TOPICS), [PeriodClosingStarted]),
                   # Organisations read their lots and catalogue with their API key (integration API).
                   ConsumerSpec(CREDENTIALS_CONSUMER, orgauth.CREDENTIAL_TOPICS, orgauth.on_credential_events)],
        settings=settings,
        title="pacte procurement",
        description="The buying side of the pact: tenders, lots, awards, organisations, orders against the "
                    "budget, sessions and the rolling catalogue. Errors are RFC 9457 problem+json with a stable "
                    "`code`; every POST honours `Idempotency-Key`; every write is audited (`GET /audit`).",
        openapi_tags=TAGS,
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    app.state.today = programme_today  # tests move the clock here
    for router in (tenders.router, lots.router, orders.router, sessions.router, registry.router,
                   integration.router):
        app.include_router(router)
    document_models(app, COMMANDS)
    return app
