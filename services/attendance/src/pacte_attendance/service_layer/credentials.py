"""Organisation API keys: issued, revoked and rotated by the back office.

The secret is shown once, in the answer to the issuing request; only its SHA-256 is stored and
announced (attendance.credential.v1) for the other services that face organisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from pacte_attendance.adapters import credentials
from pacte_contracts.attendance import OrganisationKeyIssued, OrganisationKeyRevoked
from pacte_platform import outbox
from pacte_platform.auth import new_api_key
from pacte_platform.http import Problem, refusal

SERVICE = "attendance"
_ORGANISATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key_id: str
    organisation_id: str
    api_key: str
    issued_at: datetime


def check_organisation_id(organisation_id: str) -> None:
    if not _ORGANISATION_ID.fullmatch(organisation_id):
        raise refusal("invalid", "organisation ids are 1-64 letters, digits, '.', '_' or '-'")


async def issue(conn: asyncpg.Connection, organisation_id: str, correlation_id: str | None) -> IssuedKey:
    check_organisation_id(organisation_id)
    key = new_api_key()
    issued_at = await credentials.insert_key(conn, key.key_id, organisation_id, key.sha256)
    await outbox.append(conn, [OrganisationKeyIssued(organisation_id=organisation_id, key_id=key.key_id,
                                                     key_sha256=key.sha256)],
                        producer=SERVICE, correlation_id=correlation_id)
    return IssuedKey(key.key_id, organisation_id, key.secret_key, issued_at)


async def revoke(conn: asyncpg.Connection, organisation_id: str, key_id: str, correlation_id: str | None,
                 replaced_by: str | None = None) -> tuple[datetime, bool]:
    """Returns (revoked_at, changed); revoking a revoked key changes nothing."""
    row = await credentials.lock_key(conn, organisation_id, key_id)
    if row is None:
        # Also for a key of another organisation: the path names whose keys are managed.
        raise Problem(404, "not_found", f"organisation {organisation_id!r} has no key {key_id!r}")
    if row["revoked_at"] is not None:
        return row["revoked_at"], False
    revoked_at = await credentials.revoke_key(conn, key_id, replaced_by)
    await outbox.append(conn, [OrganisationKeyRevoked(organisation_id=organisation_id, key_id=key_id)],
                        producer=SERVICE, correlation_id=correlation_id)
    return revoked_at, True


async def rotate(conn: asyncpg.Connection, organisation_id: str, key_id: str,
                 correlation_id: str | None) -> IssuedKey:
    """A new key replaces the old one at once (the software switches to the new secret)."""
    row = await credentials.lock_key(conn, organisation_id, key_id)
    if row is None:
        raise Problem(404, "not_found", f"organisation {organisation_id!r} has no key {key_id!r}")
    if row["revoked_at"] is not None:
        raise refusal("invalid", f"key {key_id!r} is revoked; issue a new key instead")
    issued = await issue(conn, organisation_id, correlation_id)
    await revoke(conn, organisation_id, key_id, correlation_id, replaced_by=issued.key_id)
    return issued
