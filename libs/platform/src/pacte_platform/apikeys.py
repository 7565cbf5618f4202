"""Organisation API keys as a request carries them, and the organisation a key verifiably belongs to.

No HTTP here: `orgauth` turns a failed lookup into a 401, and the refusal audit (`pacte_platform.audit`)
uses the same lookup to attribute a refusal only to a verified organisation.
"""

from __future__ import annotations

import asyncpg

from pacte_platform.auth import key_id_of, key_matches


def api_key_from_headers(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key.strip()
    if authorization and authorization.lower().startswith("bearer pk_"):
        return authorization[7:].strip()
    return None


async def organisation_of_key(conn: asyncpg.Connection, api_key: str | None) -> str | None:
    """The organisation of a valid, unrevoked key (its secret checked, in constant time), else None."""
    key_id = key_id_of(api_key) if api_key else None
    if api_key is None or key_id is None or len(key_id) > 64:
        return None
    row = await conn.fetchrow(
        "SELECT organisation_id, key_sha256, revoked FROM organisation_keys WHERE key_id = $1", key_id,
    )
    if row is None or row["revoked"] or not key_matches(api_key, row["key_sha256"]):
        return None
    return str(row["organisation_id"])
