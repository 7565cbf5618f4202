"""Gateway settings: the platform's (HTTP, auth secret, development mode) plus users, sessions, sign-in
throttling and the services' URLs."""

from __future__ import annotations

from pydantic import Field

from pacte_platform.settings import PlatformSettings

SERVICE = "gateway"
DEFAULT_PORT = 8000

#: Development users (names and roles), who exist only in development mode (PACTE_DEV_MODE=1) and only
#: when PACTE_BACKOFFICE_USERS is not set; their password is PACTE_DEV_PASSWORD (random per local
#: stack, printed by `pacte infra up`), else `DEV_PASSWORD` for a gateway run by hand.
DEV_USERS = (("alice", "buyer"), ("bruno", "finance"), ("chloe", "steering"), ("david", "auditor"))
DEV_PASSWORD = "pacte-dev"


class GatewaySettings(PlatformSettings):
    #: `name:role[+role]:pbkdf2_sha256$iterations$salt$hash`, comma separated; required outside development.
    backoffice_users: str = Field(default="", alias="PACTE_BACKOFFICE_USERS")
    #: The development users' password (development mode only).
    dev_password: str = Field(default="", alias="PACTE_DEV_PASSWORD", repr=False)
    #: Keys the stored session ids (HMAC) and signs the flash cookie; required outside development.
    session_secret: str = Field(default="", alias="PACTE_SESSION_SECRET", repr=False)
    #: Send cookies only over HTTPS. Unset: on, except in development mode (http://localhost).
    session_cookie_secure: bool | None = Field(default=None, alias="PACTE_SESSION_COOKIE_SECURE")
    #: A session ends this long after sign-in, whatever happens (absolute timeout)...
    session_ttl_s: int = Field(default=8 * 3600, alias="PACTE_SESSION_TTL_S")
    #: ...or after this long without a request (idle timeout).
    session_idle_s: int = Field(default=30 * 60, alias="PACTE_SESSION_IDLE_S")
    #: Lifetime of the back-office token minted for each call to a service (never sent to the browser).
    upstream_token_ttl_s: int = Field(default=300, alias="PACTE_UPSTREAM_TOKEN_TTL_S")
    #: Sign-in throttling: failures within the window after which a user name, or an address, waits
    #: (doubling with each further failure up to the maximum; a success clears the user's failures).
    login_window_s: int = Field(default=15 * 60, alias="PACTE_LOGIN_WINDOW_S")
    login_failures_per_user: int = Field(default=5, alias="PACTE_LOGIN_FAILURES_PER_USER")
    login_failures_per_address: int = Field(default=20, alias="PACTE_LOGIN_FAILURES_PER_ADDRESS")
    login_lockout_s: int = Field(default=30, alias="PACTE_LOGIN_LOCKOUT_S")
    login_max_lockout_s: int = Field(default=15 * 60, alias="PACTE_LOGIN_MAX_LOCKOUT_S")
    procurement_url: str = Field(default="http://127.0.0.1:8001", alias="PACTE_PROCUREMENT_URL")
    attendance_url: str = Field(default="http://127.0.0.1:8002", alias="PACTE_ATTENDANCE_URL")
    billing_url: str = Field(default="http://127.0.0.1:8003", alias="PACTE_BILLING_URL")
    improvement_url: str = Field(default="http://127.0.0.1:8004", alias="PACTE_IMPROVEMENT_URL")
    indicators_url: str = Field(default="http://127.0.0.1:8005", alias="PACTE_INDICATORS_URL")
    #: Where the Grafana dashboards are, for the steering page's links.
    grafana_url: str = Field(default="http://127.0.0.1:3000", alias="PACTE_GRAFANA_URL")
    #: Seconds an upstream call may take.
    upstream_timeout_s: float = Field(default=30.0, alias="PACTE_UPSTREAM_TIMEOUT_S")

    @property
    def cookies_secure(self) -> bool:
        return self.session_cookie_secure if self.session_cookie_secure is not None else not self.dev_mode

    def require_configuration(self) -> None:
        """Refuses to start without its secrets and users outside development mode."""
        self.require_secrets("session_secret")
        if not self.backoffice_users and not self.dev_mode:
            raise MissingUsers("PACTE_BACKOFFICE_USERS must be set: development users exist in development "
                               "mode only (PACTE_DEV_MODE=1)")


class MissingUsers(RuntimeError):
    """No back-office user is configured outside development mode."""
