"""The region's person pseudonyms: the only place a job seeker's `person_ref` is ever handled.

Built like the trainees' (`pseudonyms.py`) under a secret of their own: the row is found by
`lookup` = HMAC-SHA256 of the person_ref under the person secret of a key version and points to a
random regional pseudonym, so that deleting the row (`pacte persons forget`) leaves nothing, not
even the secret, that leads from the person back to the pathways the pseudonym links.
"""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg


async def find(conn: asyncpg.Connection, key_version: int, lookups: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(lookups))
    if not wanted:
        return {}
    rows = await conn.fetch(
        "SELECT lookup, pseudonym FROM person_pseudonyms WHERE key_version = $1 AND lookup = ANY($2::text[])",
        key_version, wanted,
    )
    return {row["lookup"]: row["pseudonym"] for row in rows}


async def insert(conn: asyncpg.Connection, key_version: int, rows: list[tuple[str, str]]) -> None:
    """Adds (lookup, pseudonym) rows; the caller holds the lookups' advisory locks."""
    if not rows:
        return
    await conn.execute(
        """INSERT INTO person_pseudonyms (key_version, lookup, pseudonym)
           SELECT $1, * FROM unnest($2::text[], $3::text[])""",
        key_version, [r[0] for r in rows], [r[1] for r in rows],
    )


async def forget(conn: asyncpg.Connection, lookup: str) -> int:
    """Deletes the mapping of this lookup, whatever key version wrote it."""
    result = await conn.execute("DELETE FROM person_pseudonyms WHERE lookup = $1", lookup)
    return int(result.split()[-1])
