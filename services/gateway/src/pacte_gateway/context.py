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
from pacte_gateway.settings import DEV_USERS, GatewaySettings
from pacte_gateway.upstream import SERVICES, Upstream
from pacte_gateway.users import User, parse_users

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Context:
    settings: GatewaySettings
    users: dict[str, User]
    #: No PACTE_BACKOFFICE_USERS: the development users of settings.DEV_USERS sign in.
    using_dev_users: bool
    #: Signs the session and flash cookies.
    session_key: bytes
    upstream: Upstream
    templates: Jinja2Templates


def build_context(settings: GatewaySettings, transport: httpx.AsyncBaseTransport | None = None) -> Context:
    urls = {name: getattr(settings, f"{name}_url") for name in SERVICES}
    templates = Jinja2Templates(directory=TEMPLATES)
    formatting.install(templates.env)
    labels.install(templates.env)
    templates.env.globals.update(grafana_url=settings.grafana_url.rstrip("/"), invoice_standing=standing)
    return Context(settings=settings, users=parse_users(settings.backoffice_users or DEV_USERS),
                   using_dev_users=not settings.backoffice_users,
                   session_key=sessions.session_key(settings.session_secret, settings.auth_secret),
                   upstream=Upstream(urls, settings.upstream_timeout_s, transport), templates=templates)


def context_of(request: Request) -> Context:
    found: Context = request.app.state.context
    return found
