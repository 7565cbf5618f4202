"""No default secret outside the explicit development mode, and `/metrics` and `/internal/*` behind the
scrape token (issue 18)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import pytest

from pacte_platform.runtime import ServiceRuntime
from pacte_platform.settings import (
    DEVELOPMENT_SECRETS,
    InsecureConfiguration,
    MissingSecrets,
    PlatformSettings,
)

PRODUCTION = {"PACTE_DEV_MODE": False, "PACTE_AUTH_SECRET": "a" * 32, "PACTE_SCRAPE_TOKEN": "s" * 32,
              "KAFKA_SASL_USERNAME": "procurement", "KAFKA_SASL_PASSWORD": "p" * 32}


def runtime(settings: PlatformSettings, **kwargs: object) -> ServiceRuntime:
    return ServiceRuntime("probe", Path(tempfile.gettempdir()), settings=settings, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("missing", ["PACTE_AUTH_SECRET", "PACTE_SCRAPE_TOKEN"])
async def test_a_service_refuses_to_start_without_its_secrets(missing: str) -> None:
    settings = PlatformSettings.model_validate({**PRODUCTION, missing: ""})
    with pytest.raises(MissingSecrets, match=missing):
        await runtime(settings).start()  # before touching the database or the broker


async def test_a_service_names_the_secrets_of_its_own() -> None:
    settings = PlatformSettings.model_validate(PRODUCTION)
    with pytest.raises(MissingSecrets, match="PACTE_PSEUDONYM_SECRET, PACTE_CREDENTIALS_SIGNING_KEY"):
        await runtime(settings, secrets=("pseudonym_secret", "credentials_signing_key")).start()


async def test_outside_development_the_broker_is_reached_with_authentication_only() -> None:
    settings = PlatformSettings.model_validate({**PRODUCTION, "KAFKA_SASL_USERNAME": ""})
    with pytest.raises(InsecureConfiguration, match="KAFKA_SASL_USERNAME"):
        await runtime(settings).start()


def test_no_secret_has_a_default_outside_the_development_mode() -> None:
    production = PlatformSettings.model_validate({"PACTE_DEV_MODE": False})
    assert all(getattr(production, name) == "" for name in DEVELOPMENT_SECRETS if name in PlatformSettings.model_fields)
    development = PlatformSettings.model_validate({"PACTE_DEV_MODE": True, "PACTE_AUTH_SECRET": "mine"})
    assert development.auth_secret == "mine"  # what is set wins
    assert development.scrape_token == DEVELOPMENT_SECRETS["scrape_token"]
    assert "mine" not in repr(development) and DEVELOPMENT_SECRETS["scrape_token"] not in repr(development)


@pytest.mark.parametrize("path", ["/metrics", "/internal/quiet", "/internal/anything"])
async def test_metrics_and_internal_routes_need_the_scrape_token(path: str) -> None:
    settings = PlatformSettings.model_validate({**PRODUCTION, "PACTE_SCRAPE_TOKEN": "the-scrape-token"})
    app = runtime(settings).app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer "},
                        {"Authorization": "the-scrape-token"}):
            refused = await client.get(path, headers=headers)
            assert (refused.status_code, refused.json()["code"]) == (401, "unauthorized")
            assert refused.headers["www-authenticate"] == 'Bearer realm="pacte-operations"'
        if path == "/metrics":
            allowed = await client.get(path, headers={"Authorization": "Bearer the-scrape-token"})
            assert allowed.status_code == 200 and "pacte_http_requests_total" in allowed.text


async def test_no_scrape_token_opens_nothing() -> None:
    app = runtime(PlatformSettings.model_validate({"PACTE_DEV_MODE": False})).app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        assert (await client.get("/metrics", headers={"Authorization": "Bearer "})).status_code == 401
