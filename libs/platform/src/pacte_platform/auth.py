"""Authentication: back-office tokens with roles, and training organisations' API keys.

Back-office tokens are `bo1.<payload>.<signature>`: a base64url JSON payload (subject, roles, expiry)
signed with HMAC-SHA256 under PACTE_AUTH_SECRET, so every service verifies them without a call.
Organisation API keys are `pk_<key id>_<secret>` with 32 random bytes of secret; only their
SHA-256 is stored, and comparisons are constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

BACK_OFFICE_ROLES = ("buyer", "finance", "steering", "auditor")
#: A token's subject is a person's or a tool's name, written in the audit trail.
MAX_SUBJECT_LENGTH = 200


class AuthError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class BackOfficeUser:
    subject: str
    roles: frozenset[str]

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue_token(secret: str, subject: str, roles: list[str], ttl_s: int = 12 * 3600) -> str:
    unknown = set(roles) - set(BACK_OFFICE_ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    if not secret:
        raise ValueError("no secret to sign the token with (PACTE_AUTH_SECRET)")
    payload = _b64(json.dumps({"sub": subject, "roles": sorted(roles), "exp": int(time.time()) + ttl_s}).encode())
    signature = _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())
    return f"bo1.{payload}.{signature}"


def verify_token(secret: str, token: str) -> BackOfficeUser:
    try:
        prefix, payload, signature = token.split(".")
    except ValueError as exc:
        raise AuthError("malformed token") from exc
    if prefix != "bo1":
        raise AuthError("unknown token format")
    if not secret:
        raise AuthError("no secret to verify tokens with")
    expected = _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, signature):
        raise AuthError("bad signature")
    return _claims(payload)


def _claims(payload: str) -> BackOfficeUser:
    """The signed claims, read strictly: a token signed by a buggy or hostile issuer (roles null, an
    expiry of 1e400, a subject of 10,000 characters) is refused as malformed, never a 500."""
    try:
        data = json.loads(_unb64(payload))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise AuthError("malformed token") from None
    if not isinstance(data, dict):
        raise AuthError("malformed token")
    subject, roles, expires = data.get("sub"), data.get("roles"), data.get("exp")
    if not isinstance(subject, str) or not 0 < len(subject) <= MAX_SUBJECT_LENGTH or not subject.isprintable():
        raise AuthError("malformed token: sub")
    if not isinstance(roles, list) or not all(isinstance(r, str) and r in BACK_OFFICE_ROLES for r in roles):
        raise AuthError("malformed token: roles")
    if isinstance(expires, bool) or not isinstance(expires, int):
        raise AuthError("malformed token: exp")
    if expires < time.time():
        raise AuthError("token expired")
    return BackOfficeUser(subject=subject, roles=frozenset(roles))


@dataclass(frozen=True, slots=True)
class NewApiKey:
    key_id: str
    secret_key: str
    sha256: str


def new_api_key() -> NewApiKey:
    key_id = secrets.token_hex(6)
    secret_key = f"pk_{key_id}_{secrets.token_urlsafe(32)}"
    return NewApiKey(key_id=key_id, secret_key=secret_key, sha256=hash_api_key(secret_key))


def hash_api_key(secret_key: str) -> str:
    return hashlib.sha256(secret_key.encode()).hexdigest()


def key_id_of(secret_key: str) -> str | None:
    parts = secret_key.split("_", 2)
    if len(parts) != 3 or parts[0] != "pk" or not parts[1]:
        return None
    return parts[1]


def key_matches(secret_key: str, stored_sha256: str) -> bool:
    return hmac.compare_digest(hash_api_key(secret_key), stored_sha256)


def pseudonym(secret: str, key_version: int, organisation_id: str, trainee_id: str) -> str:
    """Keyed pseudonym of a trainee id; scoped to the organisation whose id space it is."""
    digest = hmac.new(secret.encode(), f"{organisation_id}\x1f{trainee_id}".encode(), hashlib.sha256).hexdigest()
    return f"t{key_version}_{digest[:32]}"
