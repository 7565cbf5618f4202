"""Gateway settings: the platform's (HTTP, auth secret, log level) plus the users and the services' URLs."""

from __future__ import annotations

from pydantic import Field

from pacte_platform.settings import PlatformSettings

SERVICE = "gateway"
DEFAULT_PORT = 8000

#: Development users (password `pacte-dev` for each), used when PACTE_BACKOFFICE_USERS is not set.
#: Generate a hash with `python -m pacte_gateway hash-password`.
DEV_USERS = (
    "alice:buyer:pbkdf2_sha256$600000$cGFjdGUtZGV2LWFsaWNl$gfn1ClI5dMRknkRsczYMN0ah5zvKGAZGSoffqKYeMic,"
    "bruno:finance:pbkdf2_sha256$600000$cGFjdGUtZGV2LWJydW5v$cdW-4QD8NXHqB1oh7cCMxYrAJijDIIw181wtA5rib8k,"
    "chloe:steering:pbkdf2_sha256$600000$cGFjdGUtZGV2LWNobG9l$dUtFu2rTqYAGJXIgQdj0B1ckLLcG2wuy2QZjhV1U18k,"
    "david:auditor:pbkdf2_sha256$600000$cGFjdGUtZGV2LWRhdmlk$_axhDxFnfIzLGBnDgydHOehqg_O7FDQK_f69SZdIa68"
)


class GatewaySettings(PlatformSettings):
    #: `name:role[+role]:pbkdf2_sha256$iterations$salt$hash`, comma separated.
    backoffice_users: str = Field(default="", alias="PACTE_BACKOFFICE_USERS")
    #: Signs the session cookie; defaults to a key derived from PACTE_AUTH_SECRET.
    session_secret: str = Field(default="", alias="PACTE_SESSION_SECRET")
    #: Send the session cookie only over HTTPS (set behind a TLS-terminating proxy).
    session_cookie_secure: bool = Field(default=False, alias="PACTE_SESSION_COOKIE_SECURE")
    session_ttl_s: int = Field(default=8 * 3600, alias="PACTE_SESSION_TTL_S")
    procurement_url: str = Field(default="http://127.0.0.1:8001", alias="PACTE_PROCUREMENT_URL")
    attendance_url: str = Field(default="http://127.0.0.1:8002", alias="PACTE_ATTENDANCE_URL")
    billing_url: str = Field(default="http://127.0.0.1:8003", alias="PACTE_BILLING_URL")
    improvement_url: str = Field(default="http://127.0.0.1:8004", alias="PACTE_IMPROVEMENT_URL")
    indicators_url: str = Field(default="http://127.0.0.1:8005", alias="PACTE_INDICATORS_URL")
    #: Where the Grafana dashboards are, for the steering page's links.
    grafana_url: str = Field(default="http://127.0.0.1:3000", alias="PACTE_GRAFANA_URL")
    #: Seconds an upstream call may take.
    upstream_timeout_s: float = Field(default=30.0, alias="PACTE_UPSTREAM_TIMEOUT_S")
