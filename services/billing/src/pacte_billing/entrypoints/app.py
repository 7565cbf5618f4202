"""Billing's runtime and HTTP app: routers per area (periods, invoices, orders, organisations)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pacte_billing.domain.commands import COMMANDS
from pacte_billing.settings import billing_settings
from pacte_platform.commands import document_models
from pacte_platform.logging import get_logger
from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import PlatformSettings

from . import back_office, documents, invoices, orders, organisation_reads, organisations, periods, what_if
from .consumers import consumer_specs

SERVICE = "billing"
MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"
log = get_logger(component="billing")


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    config = billing_settings(settings)
    if config.development_buyer:
        log.warning("billing.development_buyer", detail="BILLING_BUYER_SIRET is not set: invoices' documents name "
                                                        "a development buyer")
    return ServiceRuntime(
        service=SERVICE, migrations_dir=MIGRATIONS, consumers=consumer_specs(config.consumer_group_prefix),
        settings=config, title="pacte billing",
        description="Billable-facts ledger, period closings on a consistent cut, invoices and their versions, "
                    "disputes and re-issues, ceilings, order closings, payments and running accrual (BILLING.md). "
                    "Errors are RFC 9457 problem+json with a stable `code`; every POST honours `Idempotency-Key`; "
                    "every write is audited.",
        openapi_tags=[{"name": "periods"}, {"name": "invoices"}, {"name": "orders"}, {"name": "budget"},
                      {"name": "documents", "description": "Factur-X invoices and service-done certificates"},
                      {"name": "back-office", "description": "Finance over many invoices: lists, bulk commands, "
                                                             "ceiling alerts, the accounting export"},
                      {"name": "what-if"},
                      {"name": "organisations", "description": "Integration API (organisation API key)"}],
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    for router in (periods.router, back_office.router, documents.router, invoices.router, orders.router,
                   organisations.router, organisation_reads.router, what_if.router):
        app.include_router(router)
    document_models(app, COMMANDS)
    return app
