"""Wiring of the attendance service: runtime (migrations, consumers, relay) and HTTP app."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from pacte_attendance.adapters.pseudonyms import Pseudonymizer
from pacte_attendance.domain import COMMANDS, ForgetPerson, ForgetTrainee
from pacte_attendance.entrypoints import back_office, integration, organisation_reads, schemas, warnings
from pacte_attendance.entrypoints.consumers import consumer_specs
from pacte_attendance.entrypoints.settings import EarlyWarningSettings
from pacte_attendance.service_layer.retention import purge_refusals
from pacte_platform.commands import document_models
from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import DEVELOPMENT_SECRETS, PlatformSettings
from pacte_platform.signing import CredentialSigner

SERVICE = "attendance"
DEFAULT_PORT = 8002
MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"

DESCRIPTION = """What happens in sessions, declared by training organisations' software.

* `/v1/...`: the integration API, authenticated by the organisation's API key (`X-Api-Key` or
  `Authorization: Bearer pk_...`). The organisation comes from the key only.
* `/back-office/...`: API keys, 6- and 12-month outcomes, erasure of a trainee (back-office tokens).

Trainee ids are replaced by keyed pseudonyms at the edge; refusals are RFC 9457 problems whose
`code` is a reason code of SCENARIO.md; every accepted command is in the audit trail.
"""


def build_runtime(settings: PlatformSettings | None = None) -> ServiceRuntime:
    if settings is None:
        settings = PlatformSettings()
        if "HTTP_PORT" not in os.environ:
            settings = settings.model_copy(update={"http_port": DEFAULT_PORT})
    return ServiceRuntime(
        service=SERVICE, migrations_dir=MIGRATIONS_DIR, consumers=consumer_specs(), settings=settings,
        background=[purge_refusals],
        secrets=("pseudonym_secret", "person_pseudonym_secret", "credentials_signing_key"),
        title="pacte attendance", description=DESCRIPTION,
        openapi_tags=[
            {"name": "integration", "description": "Training organisations' declarations"},
            {"name": "reference", "description": "Reference codes"},
            {"name": "back-office", "description": "Purchasing back-office"},
            {"name": "operations", "description": "Health and probes"},
        ],
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.app()
    settings = runtime.settings
    app.state.pseudonymizer = Pseudonymizer(settings.pseudonym_secret, settings.pseudonym_key_version)
    app.state.persons = Pseudonymizer(settings.person_pseudonym_secret, settings.person_pseudonym_key_version, "p")
    app.state.warning_rules = EarlyWarningSettings().rules()
    # Without a key (a production configuration missing it) nothing is served: the service refuses to start.
    app.state.credential_signer = CredentialSigner.from_seed(settings.credentials_signing_key or
                                                             DEVELOPMENT_SECRETS["credentials_signing_key"])
    for router in (integration.router, organisation_reads.router, integration.reference_router,
                   back_office.router, warnings.router):
        app.include_router(router)
    document_models(app, [*COMMANDS.values(), ForgetTrainee, ForgetPerson, schemas.Batch])
    return app
