"""HTTP faces of the improvement service: the organisations' integration API (`/v1/plans`) and the
back-office (plans, amendments, milestones, dropout action plans); its Kafka consumers."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from pacte_improvement.domain import COMMANDS
from pacte_platform.commands import document_models
from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import PlatformSettings

from . import dropout_action_plans, milestones, organisations, plans
from .consumers import CONSUMERS

SERVICE = "improvement"
DEFAULT_PORT = 8004
MIGRATIONS_DIR = Path(os.environ.get("IMPROVEMENT_MIGRATIONS_DIR", Path(__file__).resolve().parents[3] / "migrations"))

TAGS = [
    {"name": organisations.TAG, "description": "Integration API of training organisations (API key: "
                                               "`Authorization: Bearer pk_...` or `X-Api-Key`). An organisation "
                                               "sees and changes its own plans only."},
    {"name": plans.TAG, "description": "Back-office (bearer token with roles; `buyer` decides, every role reads)."},
]


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    if settings is None:
        settings = PlatformSettings()
        if "HTTP_PORT" not in os.environ:
            settings = settings.model_copy(update={"http_port": DEFAULT_PORT})
    return ServiceRuntime(
        service=SERVICE,
        migrations_dir=MIGRATIONS_DIR,
        consumers=list(CONSUMERS),
        settings=settings,
        title="pacte improvement",
        description="Service-improvement plans of training organisations: self-diagnosis, milestones with "
                    "indicator targets evaluated at each period closing, manual validation, amendments, and "
                    "yearly dropout action plans. Errors are RFC 9457 problem+json with a stable `code`; every "
                    "POST honours `Idempotency-Key` (refusals included); every write is audited.",
        openapi_tags=TAGS,
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    for router in (organisations.router, plans.router, milestones.router, dropout_action_plans.router):
        app.include_router(router)
    document_models(app, COMMANDS)
    return app
