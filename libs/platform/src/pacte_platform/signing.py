"""Signed credential events: attendance signs the API keys it announces, every consumer verifies.

The broker's ACLs already let only attendance write `attendance.credential.v1`; the signature makes
the events trustworthy by themselves: a principal that can write to the topic anyway (an operator's
tool, a broker without authentication in development, a replayed dead letter) still cannot mint a
key. Ed25519: attendance alone holds the private key (PACTE_CREDENTIALS_SIGNING_KEY), consumers hold
public keys only (PACTE_CREDENTIALS_VERIFY_KEYS, several during a rotation).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from pacte_contracts.attendance import OrganisationKeyIssued, OrganisationKeyRevoked
from pacte_contracts.envelope import Event

CredentialEvent = OrganisationKeyIssued | OrganisationKeyRevoked
E = TypeVar("E", OrganisationKeyIssued, OrganisationKeyRevoked)


class UnsignedEvent(ValueError):
    """A credential event without a valid signature: refused (dead-lettered), never applied."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_signing_key() -> tuple[str, str]:
    """A fresh key pair: (private seed, public key), both base64url."""
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes_raw()
    return _b64(seed), public_key_of(_b64(seed))


def public_key_of(seed: str) -> str:
    return _b64(Ed25519PrivateKey.from_private_bytes(_unb64(seed)).public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw))


@dataclass(frozen=True)
class CredentialSigner:
    private: Ed25519PrivateKey

    @classmethod
    def from_seed(cls, seed: str) -> CredentialSigner:
        return cls(Ed25519PrivateKey.from_private_bytes(_unb64(seed)))

    def sign(self, event: E) -> E:
        return event.model_copy(update={"signature": _b64(self.private.sign(event.signed_content()))})


@dataclass(frozen=True)
class CredentialVerifier:
    keys: tuple[Ed25519PublicKey, ...]

    @classmethod
    def from_text(cls, text: str) -> CredentialVerifier:
        keys = tuple(Ed25519PublicKey.from_public_bytes(_unb64(k.strip())) for k in text.split(",") if k.strip())
        if not keys:
            raise ValueError("no verify key")
        return cls(keys)

    def valid(self, event: CredentialEvent) -> bool:
        if not event.signature:
            return False
        try:
            signature = _unb64(event.signature)
        except ValueError:
            return False
        for key in self.keys:
            try:
                key.verify(signature, event.signed_content())
            except InvalidSignature:
                continue
            return True
        return False

    def check(self, event: Event) -> None:
        """Raises `UnsignedEvent` for a credential event whose signature does not verify; other events pass."""
        if isinstance(event, OrganisationKeyIssued | OrganisationKeyRevoked) and not self.valid(event):
            raise UnsignedEvent(f"{type(event).__name__} of key {event.key_id[:64]!r} is not signed by attendance")


EventCheck = Callable[[Event], None]


if __name__ == "__main__":  # an operator's new key pair: `python -m pacte_platform.signing`
    _seed, _public = new_signing_key()
    print(f"PACTE_CREDENTIALS_SIGNING_KEY={_seed}\nPACTE_CREDENTIALS_VERIFY_KEYS={_public}")
