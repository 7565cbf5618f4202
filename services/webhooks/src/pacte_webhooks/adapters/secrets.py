"""Endpoint secrets at rest: AES-256-GCM, each ciphertext bound to its endpoint (associated data), so
a row's secret cannot be moved to another endpoint. A signing secret must be read back to sign, so it
cannot be hashed like an API key; it is shown once, when the endpoint is registered or rotated."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

#: The first byte of a ciphertext: the scheme, so the key or algorithm can change with a new version.
VERSION = b"\x01"
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def key_from_setting(value: str | None, fallback_secret: str) -> bytes:
    """The 32-byte key of WEBHOOKS_SECRETS_KEY (base64url), or one derived from PACTE_AUTH_SECRET
    (development: the caller warns)."""
    if value:
        key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        if len(key) != 32:
            raise ValueError("WEBHOOKS_SECRETS_KEY must be 32 bytes in base64url")
        return key
    return hmac.new(fallback_secret.encode(), b"pacte-webhooks-secrets-v1", hashlib.sha256).digest()


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, endpoint_id: str, secret: str) -> bytes:
        nonce = os.urandom(12)
        return VERSION + nonce + self._aead.encrypt(nonce, secret.encode(), endpoint_id.encode())

    def open(self, endpoint_id: str, sealed: bytes) -> str:
        if sealed[:1] != VERSION:
            raise ValueError("unknown secret encryption version")
        return self._aead.decrypt(sealed[1:13], sealed[13:], endpoint_id.encode()).decode()
