"""Server-side sessions: the cookie carries only a random id, the session lives in PostgreSQL.

The cookie (`pacte_session`) is 256 random bits, HttpOnly, SameSite=Strict and Secure outside
development; nothing in it can be forged or reused once the session ends. The store keeps an HMAC
of the id (under PACTE_SESSION_SECRET), never the id itself, so a copy of the table opens nothing.
A session ends on sign-out, after `session_idle_s` without a request, `session_ttl_s` after sign-in,
when the user's password (or the user) changes in the configuration, or when an operator revokes
the user's sessions (`python -m pacte_gateway revoke-sessions NAME`). The back-office token the
services need is minted per request from the session (short-lived), never sent to the browser.

Each session has its own CSRF token, which every form and htmx request sends back (hidden field
`csrf` or header `X-CSRF-Token`); the login form has its own, in a short cookie (double submit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

COOKIE = "pacte_session"
#: Before login, the login form's CSRF token lives in its own short cookie (double submit).
LOGIN_COOKIE = "pacte_login_csrf"


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in user as the store holds them (`key`: the HMAC of the cookie's id)."""

    key: str
    user: str
    roles: tuple[str, ...]
    csrf: str
    created_at: float
    last_seen: float
    #: Fingerprint of the password hash the user signed in with: another hash (a changed password) ends it.
    credential: str

    def has_any(self, *roles: str) -> bool:
        return bool(set(self.roles).intersection(roles))

    def expired(self, now: float, *, ttl_s: int, idle_s: int) -> bool:
        return now - self.created_at > ttl_s or now - self.last_seen > idle_s


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def session_key(session_secret: str) -> bytes:
    return hashlib.sha256(f"pacte-gateway-session\x1f{session_secret}".encode()).digest()


def stored_key(key: bytes, session_id: str) -> str:
    """What the store keeps of a session id."""
    return hmac.new(key, session_id.encode(), hashlib.sha256).hexdigest()


def credential_of(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def new_session(key: str, user: str, roles: tuple[str, ...], credential: str, now: float) -> Session:
    return Session(key=key, user=user, roles=roles, csrf=secrets.token_urlsafe(24), created_at=now,
                   last_seen=now, credential=credential)


def sign(key: bytes, data: dict[str, Any]) -> str:
    """A signed value for a short cookie (the flash message): not a session."""
    payload = _b64(json.dumps(data, separators=(",", ":")).encode())
    return f"{payload}.{_b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())}"


def unsign(key: bytes, value: str) -> dict[str, Any] | None:
    try:
        payload, signature = value.split(".")
    except ValueError:
        return None
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, signature):
        return None
    try:
        data = json.loads(_unb64(payload))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())
