"""The session cookie: a signed (HMAC-SHA256), time-limited JSON holding the user's back-office token.

The cookie is HttpOnly and SameSite=Strict; each session carries its own CSRF token, which every
form and htmx request sends back (hidden field `csrf` or header `X-CSRF-Token`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

COOKIE = "pacte_session"
#: Before login, the login form's CSRF token lives in its own short cookie (double submit).
LOGIN_COOKIE = "pacte_login_csrf"


@dataclass(frozen=True, slots=True)
class Session:
    user: str
    roles: tuple[str, ...]
    token: str
    csrf: str
    expires: int

    def has_any(self, *roles: str) -> bool:
        return bool(set(self.roles).intersection(roles))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def session_key(session_secret: str, auth_secret: str) -> bytes:
    base = session_secret or f"pacte-gateway-session\x1f{auth_secret}"
    return hashlib.sha256(base.encode()).digest()


def sign(key: bytes, data: dict[str, Any]) -> str:
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


def new_session(user: str, roles: tuple[str, ...], token: str, ttl_s: int) -> Session:
    return Session(user=user, roles=roles, token=token, csrf=secrets.token_urlsafe(24),
                   expires=int(time.time()) + ttl_s)


def encode(key: bytes, session: Session) -> str:
    return sign(key, {"u": session.user, "r": list(session.roles), "t": session.token, "c": session.csrf,
                      "e": session.expires})


def decode(key: bytes, value: str | None) -> Session | None:
    if not value:
        return None
    data = unsign(key, value)
    if data is None or int(data.get("e", 0)) < time.time():
        return None
    try:
        return Session(user=str(data["u"]), roles=tuple(data["r"]), token=str(data["t"]), csrf=str(data["c"]),
                       expires=int(data["e"]))
    except (KeyError, TypeError):
        return None


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())
