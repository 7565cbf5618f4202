"""Organisation API keys for tests of one service's integration API: the key is written straight into
the service's `organisation_keys` projection, as `orgauth.on_credential_events` would from attendance's
`OrganisationKeyIssued` (that path is tested over the broker in attendance and billing)."""

from __future__ import annotations

from typing import Any

from pacte_platform.auth import new_api_key


async def grant_api_key(pool: Any, organisation_id: str) -> dict[str, str]:
    """A fresh key of `organisation_id` in the service's projection; the headers that send it."""
    key = new_api_key()
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO organisation_keys (key_id, organisation_id, key_sha256) VALUES ($1, $2, $3)",
            key.key_id, organisation_id, key.sha256)
    return {"X-Api-Key": key.secret_key}
