"""The webhooks service: a consumer turning events into deliveries, the delivery worker, the API."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pacte_platform.commands import document_models
from pacte_platform.logging import get_logger
from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import PlatformSettings
from pacte_webhooks.domain.commands import COMMANDS
from pacte_webhooks.service_layer.worker import run_worker, runtime_box
from pacte_webhooks.settings import webhooks_settings

from . import routes
from .consumers import consumer_specs

SERVICE = "webhooks"
MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"

log = get_logger(component="webhooks")


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    config = webhooks_settings(settings)
    if not config.secrets_key:
        log.warning("webhook secrets encrypted with a key derived from PACTE_AUTH_SECRET: set WEBHOOKS_SECRETS_KEY")
    return ServiceRuntime(
        service=SERVICE, migrations_dir=MIGRATIONS_DIR, consumers=consumer_specs(config.consumer_group_prefix),
        settings=config, background=[run_worker], title="pacte webhooks",
        description="Training organisations' webhooks: they register endpoints (URL, event types) with their API "
                    "key; invoices issued and re-issued, disputes answered, orders closed, milestones achieved or "
                    "missed are delivered to them as signed POSTs (HMAC-SHA256 over timestamp and body, Stripe's "
                    "scheme), retried with exponential backoff for 24 hours, recorded attempt by attempt and "
                    "replayable. Errors are RFC 9457 problem+json with a stable `code`; every POST honours "
                    "`Idempotency-Key`.",
        openapi_tags=[{"name": "webhooks", "description": "Endpoints and deliveries (organisation API key)"}],
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    app.state.secret_box = runtime_box(runtime)
    app.include_router(routes.router)
    document_models(app, COMMANDS)
    return app
