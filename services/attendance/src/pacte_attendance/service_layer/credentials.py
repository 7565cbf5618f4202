"""Organisation API keys: issued, revoked and rotated by the back office.

The secret is shown once, in the answer to the issuing request (a replay of that request gets the
key id without it); only its SHA-256 is stored and announced (attendance.credential.v1) for the
other services that face organisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from pacte_attendance.adapters import credentials, registry
from pacte_contracts.attendance import OrganisationKeyIssued, OrganisationKeyRevoked
from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import refuse
from pacte_platform import outbox
from pacte_platform.auth import new_api_key
from pacte_platform.commands import Caller
from pacte_platform.http import Problem
from pacte_platform.signing import CredentialSigner

from .context import SERVICE, Context, record

_ORGANISATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key_id: str
    organisation_id: str
    api_key: str | None
    issued_at: datetime
    replaces: str | None = None


def without_secret(answer: dict[str, Any]) -> dict[str, Any]:
    """What is kept under the request's Idempotency-Key: never the secret."""
    return {**answer, "api_key": None}


async def issue_key(ctx: Context, organisation_id: str, caller: Caller) -> IssuedKey:
    """Only to an organisation of procurement's registry (registered, or awarded a lot)."""
    if not _ORGANISATION_ID.fullmatch(organisation_id):
        raise refuse(RejectionReason.INVALID, "organisation ids are 1-64 letters, digits, '.', '_' or '-'")
    async with ctx.unit_of_work() as conn:
        if not await registry.is_registered(conn, organisation_id):
            raise refuse(RejectionReason.INVALID, f"organisation {organisation_id!r} is not registered: register "
                                                  "it with procurement first (POST /organisations)")
        issued = await _issue(conn, ctx.signer, organisation_id, caller.correlation_id)
        await record(conn, caller, action="key.issue", entity="organisation_key", entity_id=issued.key_id,
                     after={"organisation_id": organisation_id})
    return issued


async def rotate_key(ctx: Context, organisation_id: str, key_id: str, caller: Caller) -> IssuedKey:
    """A new key replaces the old one at once (the software switches to the new secret)."""
    async with ctx.unit_of_work() as conn:
        row = await _locked(conn, organisation_id, key_id)
        if row["revoked_at"] is not None:
            raise refuse(RejectionReason.INVALID, f"key {key_id!r} is revoked; issue a new key instead")
        issued = await _issue(conn, ctx.signer, organisation_id, caller.correlation_id)
        await _revoke(conn, ctx.signer, organisation_id, key_id, caller.correlation_id, replaced_by=issued.key_id)
        await record(conn, caller, action="key.rotate", entity="organisation_key", entity_id=key_id,
                     after={"organisation_id": organisation_id, "replaced_by": issued.key_id})
    return IssuedKey(issued.key_id, organisation_id, issued.api_key, issued.issued_at, replaces=key_id)


async def revoke_key(ctx: Context, organisation_id: str, key_id: str, caller: Caller) -> dict[str, Any]:
    """Revoking a revoked key changes nothing (and answers when it was revoked)."""
    async with ctx.unit_of_work() as conn:
        row = await _locked(conn, organisation_id, key_id)
        revoked_at = row["revoked_at"]
        if revoked_at is None:
            revoked_at = await _revoke(conn, ctx.signer, organisation_id, key_id, caller.correlation_id)
            await record(conn, caller, action="key.revoke", entity="organisation_key", entity_id=key_id,
                         after={"organisation_id": organisation_id})
    return {"key_id": key_id, "organisation_id": organisation_id, "revoked_at": revoked_at}


async def list_keys(ctx: Context, organisation_id: str) -> list[dict[str, Any]]:
    async with ctx.pool.acquire() as conn:
        return await credentials.list_keys(conn, organisation_id)


async def _locked(conn: asyncpg.Connection, organisation_id: str, key_id: str) -> asyncpg.Record:
    row = await credentials.lock_key(conn, organisation_id, key_id)
    if row is None:
        # Also for a key of another organisation: the path names whose keys are managed.
        raise Problem(404, "not_found", f"organisation {organisation_id!r} has no key {key_id!r}")
    return row


async def _issue(conn: asyncpg.Connection, signer: CredentialSigner, organisation_id: str,
                 correlation_id: str | None) -> IssuedKey:
    key = new_api_key()
    issued_at = await credentials.insert_key(conn, key.key_id, organisation_id, key.sha256)
    event = signer.sign(OrganisationKeyIssued(organisation_id=organisation_id, key_id=key.key_id,
                                              key_sha256=key.sha256))
    await outbox.append(conn, [event], producer=SERVICE, correlation_id=correlation_id)
    return IssuedKey(key.key_id, organisation_id, key.secret_key, issued_at)


async def _revoke(conn: asyncpg.Connection, signer: CredentialSigner, organisation_id: str, key_id: str,
                  correlation_id: str | None,
                  replaced_by: str | None = None) -> datetime:
    revoked_at = await credentials.revoke_key(conn, key_id, replaced_by)
    await outbox.append(conn, [signer.sign(OrganisationKeyRevoked(organisation_id=organisation_id, key_id=key_id))],
                        producer=SERVICE, correlation_id=correlation_id)
    return revoked_at
