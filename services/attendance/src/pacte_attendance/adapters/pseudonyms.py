"""Keyed pseudonyms of trainees: the only place an organisation's trainee id is ever handled.

The id itself is never stored: the mapping row is found by `lookup` = HMAC-SHA256 under the
pseudonym secret of the organisation id and the trainee id, and points to a random pseudonym.
Random rather than derived, so that once the row is deleted (the person is forgotten) nothing,
not even the secret, links the history's pseudonym back to the person.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True, slots=True)
class Pseudonymizer:
    """One pseudonymisation domain: trainees (prefix `t`, keyed on organisation and trainee id) or
    the region's persons (prefix `p`, keyed on the person_ref alone), each with its own secret."""

    secret: str
    key_version: int
    prefix: str = "t"

    def lookup(self, *parts: str) -> str:
        # A separator that cannot appear in ids, so ("A1", "2") and ("A", "12") differ.
        message = "\x1f".join(parts).encode()
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    def new_pseudonym(self) -> str:
        return f"{self.prefix}_{secrets.token_hex(16)}"


async def find(conn: asyncpg.Connection, key_version: int, lookups: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(lookups))
    if not wanted:
        return {}
    rows = await conn.fetch(
        "SELECT lookup, pseudonym FROM trainee_pseudonyms WHERE key_version = $1 AND lookup = ANY($2::text[])",
        key_version, wanted,
    )
    return {row["lookup"]: row["pseudonym"] for row in rows}


async def insert(conn: asyncpg.Connection, key_version: int, rows: list[tuple[str, str, str]]) -> None:
    """Adds (lookup, organisation_id, pseudonym) rows; the caller holds the lookups' locks."""
    if not rows:
        return
    await conn.execute(
        """INSERT INTO trainee_pseudonyms (key_version, lookup, organisation_id, pseudonym)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])""",
        key_version, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
    )


async def forget(conn: asyncpg.Connection, lookup: str) -> int:
    """Deletes the mapping under every key version that produced this lookup."""
    result = await conn.execute("DELETE FROM trainee_pseudonyms WHERE lookup = $1", lookup)
    return int(result.split()[-1])
