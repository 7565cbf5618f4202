"""Back-office users of the web application: names, roles and PBKDF2-SHA256 password hashes from settings.

PACTE_BACKOFFICE_USERS is `name:role[+role]:hash,...` where a hash is
`pbkdf2_sha256$<iterations>$<salt, base64url>$<derived key, base64url>`; no password is ever stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from pacte_platform.auth import BACK_OFFICE_ROLES

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000


@dataclass(frozen=True, slots=True)
class User:
    name: str
    roles: tuple[str, ...]
    password_hash: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    derived = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(derived)}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        if algorithm != ALGORITHM:
            return False
        derived = hashlib.pbkdf2_hmac("sha256", password.encode(), _unb64(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(_b64(derived), expected)


def parse_users(spec: str) -> dict[str, User]:
    users: dict[str, User] = {}
    for entry in (part.strip() for part in spec.split(",")):
        if not entry:
            continue
        try:
            name, roles_text, password_hash = entry.split(":", 2)
        except ValueError as exc:
            raise ValueError(f"a back-office user is `name:role:hash`, not {entry[:40]!r}") from exc
        roles = tuple(r for r in roles_text.split("+") if r)
        unknown = set(roles) - set(BACK_OFFICE_ROLES)
        if not name or not roles or unknown:
            raise ValueError(f"user {name!r}: roles must be among {', '.join(BACK_OFFICE_ROLES)}")
        if not password_hash.startswith(ALGORITHM + "$"):
            raise ValueError(f"user {name!r}: the password hash must be {ALGORITHM}$...")
        users[name] = User(name=name, roles=roles, password_hash=password_hash)
    return users


#: A hash nobody's password matches, checked when the name is unknown so timing does not tell names apart.
_DUMMY_HASH = hash_password("dummy", iterations=ITERATIONS, salt=b"pacte-dummy-salt")


def development_users(password: str) -> dict[str, User]:
    """The development users (settings.DEV_USERS), all with `password`: development mode only."""
    from pacte_gateway.settings import DEV_USERS

    password_hash = hash_password(password)
    return {name: User(name=name, roles=(role,), password_hash=password_hash) for name, role in DEV_USERS}


def authenticate(users: dict[str, User], name: str, password: str) -> User | None:
    user = users.get(name)
    ok = verify_password(password, user.password_hash if user else _DUMMY_HASH)
    return user if (user is not None and ok) else None
