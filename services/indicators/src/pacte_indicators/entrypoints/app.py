"""The indicators service: facts consumer, snapshot answers, back-office reads and business metrics."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pacte_indicators.domain.commands import COMMANDS
from pacte_platform.commands import document_models
from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import PlatformSettings

from . import budget, indicators, pathways, reference, snapshots, steering
from .consumers import consumer_specs
from .runtime import IndicatorsRuntime, IndicatorsSettings

SERVICE = "indicators"
DEFAULT_PORT = 8005
MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"

TAGS = [
    {"name": indicators.TAG, "description": "Indicators per scope (back-office, any role)."},
    {"name": budget.TAG, "description": "Committed, payable and paid money per axis."},
    {"name": pathways.TAG, "description": "Pathways from Essentials to a certifying or professionalising step."},
    {"name": snapshots.TAG, "description": "Readings sent to milestone evaluation at period closings."},
    {"name": steering.TAG, "description": "The pact's trajectory against its targets, the dropout analysis."},
    {"name": reference.TAG, "description": "The pact's targets and baseline (set by steering)."},
]


def build_runtime(settings: PlatformSettings | None = None) -> IndicatorsRuntime:
    config = IndicatorsSettings()
    return IndicatorsRuntime(
        service=SERVICE,
        migrations_dir=MIGRATIONS_DIR,
        consumers=consumer_specs(config.consumer_group_prefix),
        settings=settings or PlatformSettings(),
        title="pacte indicators",
        description=(
            "Indicators of INDICATORS.md for every scope (programme, axis, tender, lot, organisation, territory, "
            "domain, action type), as of now or as of a date, with the counts behind each rate; the budget by axis; "
            "snapshots answering period closings. Money counts counting invoices only (every version but a "
            "disputed one) and a closed order's lowered amount; a cancelled enrolment never existed. Business "
            "metrics are on /metrics."
        ),
        openapi_tags=TAGS,
        metrics_refresh_s=config.metrics_refresh_s,
        public_counts_s=config.public_counts_s,
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    for router in (indicators.router, budget.router, pathways.router, snapshots.router, steering.router,
                   reference.router):
        app.include_router(router)
    document_models(app, COMMANDS)
    return app
