"""What an organisation declared for one of its sessions (current values; withdrawn declarations and
cancelled enrolments count for nothing)."""

from __future__ import annotations

from typing import Any

import asyncpg


async def session_summary(conn: asyncpg.Connection, session_id: str) -> dict[str, Any]:
    stays = await conn.fetch(
        """SELECT trainee_key, enrolled_on, status, exited_on, certification, dropout_reason, suspensions, revision
           FROM stays WHERE session_id = $1 AND status <> 'cancelled' ORDER BY enrolled_on, trainee_key""",
        session_id,
    )
    counts = await conn.fetchrow(
        """SELECT (SELECT count(*) FROM open_days WHERE session_id = $1 AND NOT withdrawn) AS open_days,
                  (SELECT coalesce(sum(hours), 0) FROM trainer_hours WHERE session_id = $1) AS trainer_hours,
                  (SELECT count(*) FROM attendance_records WHERE session_id = $1 AND NOT withdrawn)
                      AS attendance_records,
                  (SELECT coalesce(sum(hours_present), 0) FROM attendance_records WHERE session_id = $1)
                      AS hours_present""",
        session_id,
    )
    return {**dict(counts), "trainees": [dict(r) for r in stays]}
