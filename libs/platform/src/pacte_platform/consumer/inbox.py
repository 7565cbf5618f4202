"""The inbox: the ids of the events a consumer has processed, recorded in the batch's transaction.

A redelivered event is found here and skipped, which makes at-least-once delivery apply each event
once. Only what is new in a batch reaches the handler.
"""

from __future__ import annotations

import uuid

import asyncpg

from pacte_platform.consumer.errors import InboxRace
from pacte_platform.consumer.handler import Consumed


async def record_in_inbox(conn: asyncpg.Connection, consumer: str, consumed: list[Consumed]) -> list[Consumed]:
    """Records the batch's new events in the inbox; returns them (each once, in batch order).

    Optimistic: the batch is COPYed in whole, in a savepoint. Only when that hits the primary key
    (a redelivery after a crash or a rebalance, or a twin member inserting the same ids right now)
    are the ids already there looked up and the others recorded. Both beat
    `INSERT … ON CONFLICT … RETURNING` (a speculative insertion per row, every id sent back).
    A twin's uncommitted ids make the second insert fail too: the batch is then fetched again.
    """
    fresh: list[Consumed] = []
    ids: set[uuid.UUID] = set()
    for c in consumed:
        if c.envelope.event_id not in ids:  # a duplicate inside one batch counts once
            ids.add(c.envelope.event_id)
            fresh.append(c)
    if not fresh:
        return []
    try:
        async with conn.transaction():
            await _copy_to_inbox(conn, consumer, fresh)
        return fresh
    except asyncpg.UniqueViolationError:
        pass
    seen = {row[0] for row in await conn.fetch(
        "SELECT event_id FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])", consumer, list(ids))}
    fresh = [c for c in fresh if c.envelope.event_id not in seen]
    if fresh:
        try:
            await _copy_to_inbox(conn, consumer, fresh)
        except asyncpg.UniqueViolationError as exc:
            raise InboxRace(str(exc)) from exc
    return fresh


async def _copy_to_inbox(conn: asyncpg.Connection, consumer: str, fresh: list[Consumed]) -> None:
    # COPY: asyncpg encodes records column by column, without the per-element checks its array
    # encoder makes (measured 0.9 against 2.3 µs per row of client CPU).
    await conn.copy_records_to_table(
        "inbox", columns=["consumer", "event_id"], records=[(consumer, c.envelope.event_id) for c in fresh],
    )
