"""Consumer of the public scopes' counts: statistical confidentiality first, then only what may be
published is stored (the counts themselves are never written here)."""

from __future__ import annotations

import asyncpg

from pacte_contracts.envelope import Event
from pacte_contracts.indicators import PublicCountsComputed
from pacte_opendata.adapters import repository
from pacte_opendata.domain.public_indicators import PublishedScope, publish
from pacte_platform.consumer import Consumed, Emitter
from pacte_platform.threads import in_daemon_thread

INDICATOR_EVENTS: tuple[type[Event], ...] = (PublicCountsComputed,)


def stored_form(row: PublishedScope) -> dict[str, object]:
    """The published row as stored: exact decimals as strings; the label is added when read (names
    of organisations come from the registry, which may change)."""
    figures = {name: value if value is None or isinstance(value, int | str) else str(value)
               for name, value in row.figures.items()}
    return {"scope": row.scope, "scope_type": row.scope_type, "scope_id": row.scope_id, "figures": figures,
            "secret": list(row.secret)}


async def publish_counts(conn: asyncpg.Connection, consumed: list[Consumed], _: Emitter) -> None:
    counts = [c.event for c in consumed if isinstance(c.event, PublicCountsComputed)]
    if not counts:
        return
    newest = max(counts, key=lambda e: (e.computed_at, e.facts_version))
    # Exact suppression takes seconds with hundreds of scopes: in a worker thread, the event loop keeps
    # serving the published files meanwhile, and a daemon one, so that stopping never waits for it.
    rows = await in_daemon_thread(publish, newest.scopes, {})
    published = [stored_form(row) for row in rows]
    if await repository.store_indicators(conn, newest.computed_at, newest.facts_version, published):
        await repository.touch(conn, "indicators")
