"""Hour facts (attendance records, trainer hours) into the ledger and the per-session totals.

The current version of a key is read from the ledger itself (its unique index ends in the revision),
so a batch writes one row per fact plus a few per-session totals, maintained by deltas: closing reads
a few thousand totals instead of scanning every record. The lookup reads the snapshot from before the
statement: exactly the versions known before this batch. A withdrawn record is a revision of 0 hours.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from .ledger import HoursFact

_LEDGER = """
    INSERT INTO facts (event_id, fact_type, business_key, revision, session_id, subject, business_date, quantity,
                       detail)
    SELECT event_id, '{fact_type}', session_id || '|' || subject || '|' || day, revision, session_id, subject,
           day, hours::numeric, CASE WHEN withdrawn THEN '{{"withdrawn": true}}'::jsonb END
    FROM pg_temp.{staging}
    {on_conflict}
    RETURNING business_key, session_id, business_date AS day, revision, quantity AS hours"""

_TOTALS = """
WITH ledger AS ({ledger}),
incoming AS (
    SELECT DISTINCT ON (business_key) * FROM ledger ORDER BY business_key, revision DESC),
deltas AS (
    SELECT i.session_id, to_char(i.day, 'YYYY-MM') AS origin_period,
           sum(i.hours - coalesce(p.quantity, 0)) AS delta
    FROM incoming i
    LEFT JOIN LATERAL (
        SELECT f.revision, f.quantity FROM facts f
        WHERE f.fact_type = '{fact_type}' AND f.business_key = i.business_key
        ORDER BY f.revision DESC LIMIT 1) p ON true
    WHERE p.revision IS NULL OR p.revision < i.revision
    GROUP BY 1, 2),
totals AS (
    INSERT INTO hour_totals AS h (session_id, kind, origin_period, quantity)
    SELECT session_id, '{kind}', origin_period, delta FROM deltas
    ON CONFLICT (session_id, kind, origin_period) DO UPDATE SET quantity = h.quantity + EXCLUDED.quantity
    RETURNING session_id)
SELECT DISTINCT session_id FROM ledger
"""


def _staging(fact_type: str) -> str:
    return f"staged_{fact_type}"


def _sql(fact_type: str, kind: str, *, on_conflict: str) -> str:
    ledger = _LEDGER.format(fact_type=fact_type, on_conflict=on_conflict, staging=_staging(fact_type))
    return _TOTALS.format(ledger=ledger, fact_type=fact_type, kind=kind)


def _staging_sql(fact_type: str) -> str:
    """A batch's hour facts are COPYed into a temporary table of the connection, then read by one
    set-based statement: COPY encodes about three times faster than array parameters (which check
    every element), and the rows vanish at commit. Created on first use; emptied before each use."""
    name = _staging(fact_type)
    return (f"CREATE TEMP TABLE IF NOT EXISTS {name} (event_id uuid, session_id text, subject text, day date, "
            f"revision int, hours text, withdrawn boolean) ON COMMIT DELETE ROWS; DELETE FROM pg_temp.{name}")


def _statements(fact_type: str, kind: str) -> tuple[str, str, str]:
    """(fact type, fast, careful): the fast statement has no conflict clause on the ledger (a
    speculative insertion per row costs about as much as the insertion itself); the careful one runs
    only when a batch carries a (key, revision) the ledger already has under another event id."""
    return (fact_type, _sql(fact_type, kind, on_conflict=""),
            _sql(fact_type, kind, on_conflict="ON CONFLICT (fact_type, business_key, revision) DO NOTHING"))


_ATTENDANCE = _statements("attendance", "trainee_hour")
_TRAINER = _statements("trainer_hours", "trainer_hour")


async def _record(conn: asyncpg.Connection, sql: tuple[str, str, str], facts: Sequence[HoursFact]) -> set[str]:
    if not facts:
        return set()
    fact_type, fast, careful = sql
    await conn.execute(_staging_sql(fact_type))
    # Hours travel as text: encoding Decimals costs more than the cast on the server.
    await conn.copy_records_to_table(
        _staging(fact_type), records=[(f.event_id, f.session_id, f.subject, f.day, f.revision, str(f.hours),
                                       f.withdrawn) for f in facts])
    try:
        async with conn.transaction():  # a savepoint, so the careful statement can follow a refusal
            rows = await conn.fetch(fast)
    except asyncpg.UniqueViolationError:
        rows = await conn.fetch(careful)
    return {r["session_id"] for r in rows}


async def record_attendance(conn: asyncpg.Connection, facts: Sequence[HoursFact]) -> set[str]:
    """Returns the sessions whose ledger grew."""
    return await _record(conn, _ATTENDANCE, facts)


async def record_trainer_hours(conn: asyncpg.Connection, facts: Sequence[HoursFact]) -> set[str]:
    return await _record(conn, _TRAINER, facts)
