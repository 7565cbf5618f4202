"""SQL of the billable-facts ledger and of the current state per business key.

Every function takes a whole batch and runs a constant number of statements: the ledger insert,
the upsert of the current version (highest revision wins, whatever the delivery order) and,
for hours, the delta applied to the per-session totals, all in one statement per fact type.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg


@dataclass(frozen=True, slots=True)
class HoursFact:
    event_id: UUID
    session_id: str
    subject: str  # trainee pseudonym or trainer id
    day: date
    revision: int
    hours: Decimal


@dataclass(frozen=True, slots=True)
class OpenDayFact:
    event_id: UUID
    session_id: str
    day: date
    revision: int


@dataclass(frozen=True, slots=True)
class StayFact:
    event_id: UUID
    session_id: str
    trainee_key: str
    event_date: date
    revision: int
    enrolled_on: date
    status: str
    exited_on: date | None


@dataclass(frozen=True, slots=True)
class OutcomeFact:
    event_id: UUID
    session_id: str
    trainee_key: str
    months_after_exit: int
    observed_on: date
    status: str
    revision: int


@dataclass(frozen=True, slots=True)
class MilestoneFact:
    event_id: UUID
    milestone_id: str
    plan_id: str
    order_id: str
    bonus_cents: int
    achieved_on: date


@dataclass(frozen=True, slots=True)
class OrderTerms:
    order_id: str
    lot_id: str
    tender_id: str
    axis: str
    billing_unit: str
    unit_price_cents: int
    return_to_work_bonus_cents: int
    holder_organisation_id: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class SessionLink:
    session_id: str
    order_id: str
    revision: int


async def lock_ledger(conn: asyncpg.Connection) -> None:
    """Waits for in-flight fact batches and holds new ones off until the caller commits.

    Closing reads `max(fact_id)` as the watermark of what its invoices billed; this lock makes
    every row below it visible (no uncommitted lower id can appear later). Self-conflicting, so
    two closings serialise instead of deadlocking.
    """
    await conn.execute("LOCK TABLE facts IN SHARE ROW EXCLUSIVE MODE")


async def watermark(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT coalesce(max(fact_id), 0) FROM facts"))


async def record_orders(conn: asyncpg.Connection, orders: Sequence[OrderTerms]) -> None:
    if not orders:
        return
    # An order's terms never change once placed: a redelivery is a no-op.
    await conn.executemany(
        """INSERT INTO orders (order_id, lot_id, tender_id, axis, billing_unit, unit_price_cents,
                               return_to_work_bonus_cents, holder_organisation_id, amount_cents)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (order_id) DO NOTHING""",
        [(o.order_id, o.lot_id, o.tender_id, o.axis, o.billing_unit, o.unit_price_cents,
          o.return_to_work_bonus_cents, o.holder_organisation_id, o.amount_cents) for o in orders],
    )


async def record_sessions(conn: asyncpg.Connection, links: Sequence[SessionLink]) -> list[str]:
    """Keeps the newest schedule of each session; returns the orders whose sessions changed."""
    if not links:
        return []
    rows = await conn.fetch(
        """WITH incoming AS (
               SELECT DISTINCT ON (session_id) session_id, order_id, revision
               FROM unnest($1::text[], $2::text[], $3::int[]) AS t(session_id, order_id, revision)
               ORDER BY session_id, revision DESC),
           previous AS (SELECT s.session_id, s.order_id FROM sessions s JOIN incoming USING (session_id)),
           upserted AS (
               INSERT INTO sessions AS s (session_id, order_id, revision) SELECT * FROM incoming
               ON CONFLICT (session_id) DO UPDATE SET order_id = EXCLUDED.order_id, revision = EXCLUDED.revision
               WHERE s.revision < EXCLUDED.revision
               RETURNING session_id, order_id)
           SELECT order_id FROM upserted
           UNION SELECT p.order_id FROM previous p JOIN upserted u USING (session_id)""",
        [s.session_id for s in links], [s.order_id for s in links], [s.revision for s in links],
    )
    return [r["order_id"] for r in rows]


async def cancel_sessions(conn: asyncpg.Connection, cancelled: Sequence[tuple[str, str]]) -> None:
    if not cancelled:
        return
    # The cancellation may overtake the schedule: a placeholder row keeps the session cancelled.
    await conn.executemany(
        """INSERT INTO sessions (session_id, order_id, revision, cancelled) VALUES ($1, $2, 0, true)
           ON CONFLICT (session_id) DO UPDATE SET cancelled = true""",
        list(cancelled),
    )


# The hour facts' current version per key is read from the ledger itself (its unique index ends in the
# revision), so a batch writes one row per fact plus a few per-session totals. The lookup reads the
# snapshot from before the statement: exactly the versions known before this batch.
_HOURS_LEDGER = """
    INSERT INTO facts (event_id, fact_type, business_key, revision, session_id, subject, business_date, quantity)
    SELECT event_id, '{fact_type}', session_id || '|' || subject || '|' || day, revision, session_id, subject,
           day, hours::numeric
    FROM pg_temp.{staging}
    {on_conflict}
    RETURNING business_key, session_id, business_date AS day, revision, quantity AS hours"""

_HOURS_SQL = """
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


def _hours_sql(fact_type: str, kind: str, *, on_conflict: str) -> str:
    ledger = _HOURS_LEDGER.format(fact_type=fact_type, on_conflict=on_conflict, staging=_staging(fact_type))
    return _HOURS_SQL.format(ledger=ledger, fact_type=fact_type, kind=kind)


def _staging(fact_type: str) -> str:
    return f"staged_{fact_type}"


def _staging_sql(fact_type: str) -> str:
    """A batch's hour facts are COPYed into a temporary table of the connection, then read by one
    set-based statement: COPY encodes about three times faster than array parameters (which check
    every element), and the rows vanish at commit. Created on first use; emptied before each use."""
    name = _staging(fact_type)
    return (f"CREATE TEMP TABLE IF NOT EXISTS {name} (event_id uuid, session_id text, subject text, day date, "
            f"revision int, hours text) ON COMMIT DELETE ROWS; DELETE FROM pg_temp.{name}")


def _hours_statements(fact_type: str, kind: str) -> tuple[str, str, str]:
    """(fact type, fast, careful): the fast statement has no conflict clause on the ledger (a
    speculative insertion per row costs about as much as the insertion itself); the careful one runs
    only when a batch carries a (key, revision) the ledger already has under another event id."""
    return (fact_type, _hours_sql(fact_type, kind, on_conflict=""),
            _hours_sql(fact_type, kind, on_conflict="ON CONFLICT (fact_type, business_key, revision) DO NOTHING"))


_ATTENDANCE_SQL = _hours_statements("attendance", "trainee_hour")
_TRAINER_SQL = _hours_statements("trainer_hours", "trainer_hour")


async def _record_hours(conn: asyncpg.Connection, sql: tuple[str, str, str], facts: Sequence[HoursFact]) -> set[str]:
    if not facts:
        return set()
    fact_type, fast, careful = sql
    await conn.execute(_staging_sql(fact_type))
    # Hours travel as text: encoding Decimals costs more than the cast on the server.
    await conn.copy_records_to_table(
        _staging(fact_type), records=[(f.event_id, f.session_id, f.subject, f.day, f.revision, str(f.hours))
                                      for f in facts])
    try:
        async with conn.transaction():  # a savepoint, so the careful statement can follow a refusal
            rows = await conn.fetch(fast)
    except asyncpg.UniqueViolationError:
        rows = await conn.fetch(careful)
    return {r["session_id"] for r in rows}


async def record_attendance(conn: asyncpg.Connection, facts: Sequence[HoursFact]) -> set[str]:
    """Returns the sessions whose ledger grew."""
    return await _record_hours(conn, _ATTENDANCE_SQL, facts)


async def record_trainer_hours(conn: asyncpg.Connection, facts: Sequence[HoursFact]) -> set[str]:
    return await _record_hours(conn, _TRAINER_SQL, facts)


async def record_open_days(conn: asyncpg.Connection, facts: Sequence[OpenDayFact]) -> set[str]:
    if not facts:
        return set()
    rows = await conn.fetch(
        """WITH ledger AS (
               INSERT INTO facts (event_id, fact_type, business_key, revision, session_id, business_date, quantity)
               SELECT event_id, 'open_day', session_id || '|' || day, revision, session_id, day, 1
               FROM unnest($1::uuid[], $2::text[], $3::date[], $4::int[]) AS t(event_id, session_id, day, revision)
               ON CONFLICT (fact_type, business_key, revision) DO NOTHING
               RETURNING fact_id, session_id, business_date AS day, revision),
           incoming AS (SELECT DISTINCT ON (session_id, day) * FROM ledger ORDER BY session_id, day, revision DESC),
           upserted AS (
               INSERT INTO open_days AS o (session_id, day, revision, fact_id)
               SELECT session_id, day, revision, fact_id FROM incoming
               ON CONFLICT (session_id, day) DO UPDATE SET revision = EXCLUDED.revision, fact_id = EXCLUDED.fact_id
               WHERE o.revision < EXCLUDED.revision
               RETURNING session_id)
           SELECT DISTINCT session_id FROM ledger""",
        [f.event_id for f in facts], [f.session_id for f in facts], [f.day for f in facts],
        [f.revision for f in facts],
    )
    return {r["session_id"] for r in rows}


async def record_stays(conn: asyncpg.Connection, facts: Sequence[StayFact]) -> set[str]:
    if not facts:
        return set()
    rows = await conn.fetch(
        """WITH raw AS (
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::int[], $6::date[],
                                    $7::text[], $8::date[])
                   AS t(event_id, session_id, trainee_key, event_date, revision, enrolled_on, status, exited_on)),
           ledger AS (
               INSERT INTO facts (event_id, fact_type, business_key, revision, session_id, subject, business_date,
                                  detail)
               SELECT event_id, 'stay', session_id || '|' || trainee_key, revision, session_id, trainee_key,
                      event_date, jsonb_build_object('enrolled_on', enrolled_on, 'status', status,
                                                     'exited_on', exited_on)
               FROM raw
               ON CONFLICT (fact_type, business_key, revision) DO NOTHING
               RETURNING fact_id, session_id, subject AS trainee_key, revision, detail),
           incoming AS (
               SELECT DISTINCT ON (session_id, trainee_key) * FROM ledger
               ORDER BY session_id, trainee_key, revision DESC),
           upserted AS (
               INSERT INTO stays AS s (session_id, trainee_key, revision, enrolled_on, status, exited_on, fact_id)
               SELECT session_id, trainee_key, revision, (detail->>'enrolled_on')::date, detail->>'status',
                      (detail->>'exited_on')::date, fact_id
               FROM incoming
               ON CONFLICT (session_id, trainee_key) DO UPDATE
                   SET revision = EXCLUDED.revision, enrolled_on = EXCLUDED.enrolled_on, status = EXCLUDED.status,
                       exited_on = EXCLUDED.exited_on, fact_id = EXCLUDED.fact_id
                   WHERE s.revision < EXCLUDED.revision
               RETURNING session_id)
           SELECT DISTINCT session_id FROM ledger""",
        [f.event_id for f in facts], [f.session_id for f in facts], [f.trainee_key for f in facts],
        [f.event_date for f in facts], [f.revision for f in facts], [f.enrolled_on for f in facts],
        [f.status for f in facts], [f.exited_on for f in facts],
    )
    return {r["session_id"] for r in rows}


async def record_outcomes(conn: asyncpg.Connection, facts: Sequence[OutcomeFact]) -> set[str]:
    if not facts:
        return set()
    rows = await conn.fetch(
        """WITH raw AS (
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::date[], $6::text[],
                                    $7::int[])
                   AS t(event_id, session_id, trainee_key, months, observed_on, status, revision)),
           ledger AS (
               INSERT INTO facts (event_id, fact_type, business_key, revision, session_id, subject, business_date,
                                  quantity, detail)
               SELECT event_id, 'outcome', session_id || '|' || trainee_key || '|' || months, revision, session_id,
                      trainee_key, observed_on, 1,
                      jsonb_build_object('months_after_exit', months, 'status', status)
               FROM raw
               ON CONFLICT (fact_type, business_key, revision) DO NOTHING
               RETURNING fact_id, session_id, subject AS trainee_key, revision, business_date AS observed_on, detail),
           incoming AS (
               SELECT DISTINCT ON (session_id, trainee_key, (detail->>'months_after_exit')) * FROM ledger
               ORDER BY session_id, trainee_key, (detail->>'months_after_exit'), revision DESC),
           upserted AS (
               INSERT INTO outcomes AS o (session_id, trainee_key, months_after_exit, revision, observed_on, status,
                                          fact_id)
               SELECT session_id, trainee_key, (detail->>'months_after_exit')::int, revision, observed_on,
                      detail->>'status', fact_id
               FROM incoming
               ON CONFLICT (session_id, trainee_key, months_after_exit) DO UPDATE
                   SET revision = EXCLUDED.revision, observed_on = EXCLUDED.observed_on, status = EXCLUDED.status,
                       fact_id = EXCLUDED.fact_id
                   WHERE o.revision < EXCLUDED.revision
               RETURNING session_id)
           SELECT DISTINCT session_id FROM ledger""",
        [f.event_id for f in facts], [f.session_id for f in facts], [f.trainee_key for f in facts],
        [f.months_after_exit for f in facts], [f.observed_on for f in facts], [f.status for f in facts],
        [f.revision for f in facts],
    )
    return {r["session_id"] for r in rows}


async def record_milestones(conn: asyncpg.Connection, facts: Sequence[MilestoneFact]) -> set[str]:
    """Records milestone bonuses once per milestone id; returns the orders that gained one."""
    if not facts:
        return set()
    rows = await conn.fetch(
        """WITH ledger AS (
               INSERT INTO facts (event_id, fact_type, business_key, revision, order_id, subject, business_date,
                                  quantity, detail)
               SELECT event_id, 'milestone', milestone_id, 1, order_id, milestone_id, achieved_on, 1,
                      jsonb_build_object('plan_id', plan_id, 'bonus_cents', bonus_cents)
               FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::date[])
                   AS t(event_id, milestone_id, plan_id, order_id, bonus_cents, achieved_on)
               ON CONFLICT (fact_type, business_key, revision) DO NOTHING
               RETURNING fact_id, subject AS milestone_id, order_id, business_date AS achieved_on, detail)
           INSERT INTO milestone_bonuses (milestone_id, plan_id, order_id, bonus_cents, achieved_on, fact_id)
           SELECT milestone_id, detail->>'plan_id', order_id, (detail->>'bonus_cents')::bigint, achieved_on, fact_id
           FROM ledger
           ON CONFLICT (milestone_id) DO NOTHING
           RETURNING order_id""",
        [f.event_id for f in facts], [f.milestone_id for f in facts], [f.plan_id for f in facts],
        [f.order_id for f in facts], [f.bonus_cents for f in facts], [f.achieved_on for f in facts],
    )
    return {r["order_id"] for r in rows}


async def orders_of_sessions(conn: asyncpg.Connection, session_ids: Iterable[str]) -> set[str]:
    ids = list(session_ids)
    if not ids:
        return set()
    rows = await conn.fetch(
        "SELECT DISTINCT order_id FROM sessions WHERE session_id IN (SELECT unnest($1::text[]))", ids)
    return {r["order_id"] for r in rows}


async def facts_behind(conn: asyncpg.Connection, *, order_id: str, fact_type: str, origin_period: str,
                       ref: str | None, upto: int | None, after_fact_id: int, limit: int) -> list[dict[str, Any]]:
    """Ledger rows of one line's group, each flagged with whether it was the current version then."""
    where_scope = ("f.order_id = $1 AND f.subject = $4" if fact_type == "milestone"
                   else "f.session_id IN (SELECT session_id FROM sessions WHERE order_id = $1) AND $4::text IS NULL")
    extra = " AND f.detail->>'months_after_exit' = '6'" if fact_type == "outcome" else ""
    rows = await conn.fetch(
        f"""SELECT f.fact_id, f.event_id, f.fact_type, f.session_id, f.subject, f.business_date, f.revision,
                   f.quantity, f.detail, f.recorded_at,
                   NOT EXISTS (SELECT 1 FROM facts g WHERE g.fact_type = f.fact_type
                               AND g.business_key = f.business_key AND g.revision > f.revision
                               AND ($5::bigint IS NULL OR g.fact_id <= $5)) AS current
            FROM facts f
            WHERE {where_scope} AND f.fact_type = $2
              AND f.business_date >= to_date($3, 'YYYY-MM')
              AND f.business_date < to_date($3, 'YYYY-MM') + interval '1 month'
              AND ($5::bigint IS NULL OR f.fact_id <= $5) AND f.fact_id > $6{extra}
            ORDER BY f.fact_id LIMIT $7""",
        order_id, fact_type, origin_period, ref, upto, after_fact_id, limit,
    )
    return [
        {
            "fact_id": r["fact_id"], "event_id": str(r["event_id"]), "fact_type": r["fact_type"],
            "session_id": r["session_id"], "subject": r["subject"], "business_date": r["business_date"].isoformat(),
            "revision": r["revision"], "quantity": None if r["quantity"] is None else str(r["quantity"]),
            "detail": r["detail"] if not isinstance(r["detail"], str) else json.loads(r["detail"]),
            "recorded_at": r["recorded_at"].isoformat(), "current_at_issue": r["current"],
        }
        for r in rows
    ]
