"""Training organisations' API keys as seen by the services that face organisations.

The attendance service issues keys (only their SHA-256 is ever stored or published) and announces
them on `attendance.credential.v1`; every service with an integration API keeps this projection
and authenticates requests against it. The organisation is derived from the key, never the body.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import asyncpg
from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from pacte_contracts.attendance import OrganisationKeyIssued, OrganisationKeyRevoked
from pacte_contracts.topics import ATTENDANCE_CREDENTIAL
from pacte_platform.apikeys import api_key_from_headers as api_key_from_headers
from pacte_platform.apikeys import organisation_of_key
from pacte_platform.commands import Caller
from pacte_platform.consumer import Consumed, Emitter
from pacte_platform.http import ForeignResource, Problem

CREDENTIAL_TOPICS = [ATTENDANCE_CREDENTIAL]

CREDENTIALS_SQL = """
CREATE TABLE IF NOT EXISTS organisation_keys (
    key_id text PRIMARY KEY,
    organisation_id text NOT NULL,
    key_sha256 text NOT NULL,
    revoked boolean NOT NULL DEFAULT false
);
"""


async def ensure_credentials_table(conn: asyncpg.Connection) -> None:
    await conn.execute(CREDENTIALS_SQL)


async def on_credential_events(
    conn: asyncpg.Connection, events: Sequence[Consumed], _: Emitter | None = None,
) -> None:
    for c in events:
        event = c.event
        if isinstance(event, OrganisationKeyIssued):
            await conn.execute(
                """INSERT INTO organisation_keys (key_id, organisation_id, key_sha256) VALUES ($1, $2, $3)
                   ON CONFLICT (key_id) DO NOTHING""",
                event.key_id, event.organisation_id, event.key_sha256,
            )
        elif isinstance(event, OrganisationKeyRevoked):
            # A revocation may overtake its issue; the placeholder row keeps the key dead.
            await conn.execute(
                """INSERT INTO organisation_keys (key_id, organisation_id, key_sha256, revoked)
                   VALUES ($1, $2, '', true)
                   ON CONFLICT (key_id) DO UPDATE SET revoked = true""",
                event.key_id, event.organisation_id,
            )


async def authenticate_organisation(conn: asyncpg.Connection, api_key: str | None) -> str:
    """Returns the organisation id of a valid, unrevoked key, or raises 401."""
    organisation_id = await organisation_of_key(conn, api_key)
    if organisation_id is None:
        raise Problem(401, "unauthorized", "a valid organisation API key is required",
                      headers={"WWW-Authenticate": 'Bearer realm="pacte-integration"'})
    return organisation_id


_api_key = APIKeyHeader(name="X-Api-Key", auto_error=False, scheme_name="OrganisationApiKey",
                        description="The organisation's API key `pk_<key id>_<secret>`")
_bearer = HTTPBearer(auto_error=False, scheme_name="OrganisationBearer",
                     description="The organisation's API key as `Authorization: Bearer pk_...`")


async def organisation_caller(
    request: Request,
    x_api_key: Annotated[str | None, Security(_api_key)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> Caller:
    """The route's caller when an organisation calls: the one its API key belongs to (401 otherwise).
    Every service with an integration API takes it through `Depends` (`OrganisationCaller`)."""
    authorization = f"Bearer {bearer.credentials}" if bearer is not None else None
    async with request.app.state.pacte_runtime.db().acquire() as conn:
        organisation_id = await authenticate_organisation(conn, api_key_from_headers(authorization, x_api_key))
    return Caller(organisation_id, "organisation", getattr(request.state, "correlation_id", None))


OrganisationCaller = Annotated[Caller, Depends(organisation_caller)]


def check_owner(caller: Caller, owner: str | None, what: str, identifier: str) -> None:
    """On an organisation route, another organisation's resource is answered exactly as an absent one
    (404, same body): its existence is not revealed. The attempt is audited as a refusal."""
    if owner is None or owner != caller.subject:
        raise ForeignResource.unknown(what, identifier, foreign=owner is not None)
