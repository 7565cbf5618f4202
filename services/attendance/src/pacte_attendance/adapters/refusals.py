"""The refusal log: one row per refused record, per organisation, kept 13 months."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from pacte_platform.paging import Page, Query

#: How long a refused record stays in the log.
RETENTION = "13 months"


@dataclass(frozen=True, slots=True)
class RefusedRecord:
    organisation_id: str
    command: str
    channel: str
    session_id: str | None
    business_date: date | None
    position: int | None
    reason: str
    detail: str
    correlation_id: str | None


async def record(conn: asyncpg.Connection, refused: Sequence[RefusedRecord]) -> None:
    if not refused:
        return
    await conn.copy_records_to_table(
        "refusals", columns=["organisation_id", "command", "channel", "session_id", "business_date", "position",
                             "reason", "detail", "correlation_id"],
        records=[(r.organisation_id, r.command, r.channel, r.session_id, r.business_date, r.position, r.reason,
                  r.detail[:1000], r.correlation_id) for r in refused])


async def page(conn: asyncpg.Connection, organisation_id: str, *, session_id: str | None, command: str | None,
               reason: str | None, since: datetime | None, cursor: str | None, limit: int) -> Page:
    q = Query("""SELECT refusal_id, refused_at, command, channel, session_id, business_date, position, reason,
                        detail, correlation_id FROM refusals""",
              [("refusal_id", "bigint")], ["organisation_id = $1"], [organisation_id])
    q.where("session_id = {}", session_id).where("command = {}", command).where("reason = {}", reason)
    q.where("refused_at >= {}", since)
    return await q.page(conn, cursor, limit)


async def purge(conn: asyncpg.Connection) -> int:
    """Deletes what is older than the retention; the count deleted."""
    result = await conn.execute(f"DELETE FROM refusals WHERE refused_at < now() - interval '{RETENTION}'")
    return int(result.split()[-1])
