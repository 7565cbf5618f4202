"""What every request of the gateway shares, built once by `create_app` and kept on `app.state`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import Request
from fastapi.templating import Jinja2Templates

from pacte_gateway import formatting, labels
from pacte_gateway import session as sessions
from pacte_gateway.invoices import standing
from pacte_gateway.settings import DEV_PASSWORD, GatewaySettings
from pacte_gateway.signin import Authenticator
from pacte_gateway.store import PostgresStore, SessionStore
from pacte_gateway.upstream import SERVICES, Upstream
from pacte_gateway.users import User, development_users, parse_users

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Context:
    settings: GatewaySettings
    users: dict[str, User]
    #: Development mode without PACTE_BACKOFFICE_USERS: the development users of settings.DEV_USERS sign in.
    using_dev_users: bool
    #: Keys the stored session ids and signs the flash cookie.
    session_key: bytes
    upstream: Upstream
    templates: Jinja2Templates
    sessions: Authenticator


def back_office_users(settings: GatewaySettings) -> dict[str, User]:
    """PACTE_BACKOFFICE_USERS; the development users in development mode only (none otherwise: the
    gateway then refuses to start, `GatewaySettings.require_configuration`)."""
    if settings.backoffice_users:
        return parse_users(settings.backoffice_users)
    return development_users(settings.dev_password or DEV_PASSWORD) if settings.dev_mode else {}


def build_context(settings: GatewaySettings, transport: httpx.AsyncBaseTransport | None = None,
                  store: SessionStore | None = None) -> Context:
    urls = {name: getattr(settings, f"{name}_url") for name in SERVICES}
    templates = Jinja2Templates(directory=TEMPLATES)
    formatting.install(templates.env)
    labels.install(templates.env)
    templates.env.globals.update(grafana_url=settings.grafana_url.rstrip("/"), invoice_standing=standing)
    users = back_office_users(settings)
    key = sessions.session_key(settings.session_secret)
    return Context(settings=settings, users=users, using_dev_users=settings.dev_mode and not settings.backoffice_users,
                   session_key=key, upstream=Upstream(urls, settings.upstream_timeout_s, transport),
                   templates=templates, sessions=Authenticator(settings, users, store or PostgresStore(
                       settings.database_url), key))


def context_of(request: Request) -> Context:
    found: Context = request.app.state.context
    return found
