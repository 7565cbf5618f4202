"""The open-data service: consumers of the public facts and of the public counts, public routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pacte_contracts import topics
from pacte_opendata.entrypoints.routes import router
from pacte_opendata.service_layer.indicators import INDICATOR_EVENTS, publish_counts
from pacte_opendata.service_layer.projection import PAYMENT_EVENTS, PROCUREMENT_EVENTS, project_public_facts
from pacte_opendata.service_layer.publication import Publication
from pacte_opendata.settings import opendata_settings
from pacte_platform.logging import get_logger
from pacte_platform.runtime import ConsumerSpec, ServiceRuntime
from pacte_platform.settings import PlatformSettings

SERVICE = "opendata"
MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"
PROCUREMENT_TOPICS = (topics.PROCUREMENT_TENDER, topics.PROCUREMENT_LOT, topics.PROCUREMENT_ORDER,
                      topics.PROCUREMENT_ORGANISATION)

log = get_logger(component="opendata")


def consumer_specs(prefix: str) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(f"{prefix}-procurement", PROCUREMENT_TOPICS, project_public_facts, PROCUREMENT_EVENTS),
        # Apart: the invoice topic's traffic (issued, approved...) must not delay the buying side's facts.
        ConsumerSpec(f"{prefix}-payments", (topics.BILLING_INVOICE,), project_public_facts, PAYMENT_EVENTS),
        ConsumerSpec(f"{prefix}-indicators", (topics.INDICATORS_PUBLIC,), publish_counts, INDICATOR_EVENTS),
    ]


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    config = opendata_settings(settings)
    if config.development_identity:
        log.warning("open data published under the development buyer identity: set OPENDATA_BUYER_SIRET and "
                    "OPENDATA_OCID_PREFIX")
    return ServiceRuntime(
        service=SERVICE, migrations_dir=MIGRATIONS_DIR, consumers=consumer_specs(config.consumer_group_prefix),
        settings=config, title="pacte open data",
        description=(
            "Public, read-only and unauthenticated: the pact's contracting processes as OCDS 1.1.5 releases and "
            "records, the essential data of awarded contracts (DECP 2.0.3), and public indicators by programme, "
            "axis, territory, domain, action type and organisation with small counts withheld (statistical "
            "confidentiality). Licence Ouverte 2.0. Every answer has an ETag and a Last-Modified date and "
            "honours conditional requests (304)."
        ),
        openapi_tags=[{"name": "open data", "description": "Published files (no authentication)."}],
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    config = opendata_settings(runtime.settings)
    app.state.publication = Publication(config.publisher())
    app.include_router(router)
    return app
