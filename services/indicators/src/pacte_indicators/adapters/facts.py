"""Writes of the facts projection: one statement per table per batch (executemany).

Callers pass rows already reduced to one per business key; every statement is idempotent and
keeps the highest revision / sequence, so redelivery and reordering converge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

Row = tuple[Any, ...]


async def upsert_tenders(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (tender_id, axis, procedure, budget_cents, starts_on, ends_on)."""
    if rows:
        await conn.executemany(
            """INSERT INTO tenders (tender_id, axis, procedure, budget_cents, starts_on, ends_on)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (tender_id) DO UPDATE SET axis = EXCLUDED.axis, procedure = EXCLUDED.procedure,
                   budget_cents = EXCLUDED.budget_cents, starts_on = EXCLUDED.starts_on,
                   ends_on = EXCLUDED.ends_on""",
            rows,
        )


async def close_tenders(conn: asyncpg.Connection, tender_ids: Sequence[str]) -> None:
    if tender_ids:
        await conn.execute(
            """INSERT INTO tenders (tender_id, closed) SELECT t, true FROM unnest($1::text[]) AS t
               ON CONFLICT (tender_id) DO UPDATE SET closed = true""",
            list(tender_ids),
        )


async def upsert_lot_definitions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (lot_id, tender_id, axis, territory, domain, action_type, session_capacity)."""
    if rows:
        await conn.executemany(
            """INSERT INTO lots (lot_id, tender_id, axis, territory, domain, action_type, session_capacity)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (lot_id) DO UPDATE SET tender_id = EXCLUDED.tender_id, axis = EXCLUDED.axis,
                   territory = EXCLUDED.territory, domain = EXCLUDED.domain,
                   action_type = EXCLUDED.action_type, session_capacity = EXCLUDED.session_capacity""",
            rows,
        )


async def set_lot_outcomes(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (lot_id, tender_id, status, holder_organisation_id or None). A lot leaves `open` once."""
    if rows:
        await conn.executemany(
            """INSERT INTO lots (lot_id, tender_id, status, holder_organisation_id) VALUES ($1, $2, $3, $4)
               ON CONFLICT (lot_id) DO UPDATE SET status = EXCLUDED.status,
                   holder_organisation_id = EXCLUDED.holder_organisation_id""",
            rows,
        )


async def insert_orders(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (order_id, lot_id, tender_id, axis, territory, domain, action_type, holder, amount_cents)."""
    if rows:
        await conn.executemany(
            """INSERT INTO orders (order_id, lot_id, tender_id, axis, territory, domain, action_type,
                                   holder_organisation_id, amount_cents)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (order_id) DO NOTHING""",
            rows,
        )


async def upsert_sessions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, order_id, lot_id, tender_id, axis, territory, domain, action_type, holder,
    starts_on, capacity, revision)."""
    if rows:
        await conn.executemany(
            """INSERT INTO sessions (session_id, order_id, lot_id, tender_id, axis, territory, domain,
                                     action_type, holder_organisation_id, starts_on, capacity, revision)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
               ON CONFLICT (session_id) DO UPDATE SET order_id = EXCLUDED.order_id, lot_id = EXCLUDED.lot_id,
                   tender_id = EXCLUDED.tender_id, axis = EXCLUDED.axis, territory = EXCLUDED.territory,
                   domain = EXCLUDED.domain, action_type = EXCLUDED.action_type,
                   holder_organisation_id = EXCLUDED.holder_organisation_id, starts_on = EXCLUDED.starts_on,
                   capacity = EXCLUDED.capacity, revision = EXCLUDED.revision
               WHERE sessions.revision < EXCLUDED.revision""",
            rows,
        )


async def cancel_sessions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, order_id, lot_id)."""
    if rows:
        await conn.executemany(
            """INSERT INTO session_cancellations (session_id, order_id, lot_id) VALUES ($1, $2, $3)
               ON CONFLICT (session_id) DO NOTHING""",
            rows,
        )


async def upsert_jobseeker_counts(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (territory, count, revision)."""
    if rows:
        await conn.executemany(
            """INSERT INTO jobseeker_counts (territory, count, revision) VALUES ($1, $2, $3)
               ON CONFLICT (territory) DO UPDATE SET count = EXCLUDED.count, revision = EXCLUDED.revision
               WHERE jobseeker_counts.revision < EXCLUDED.revision""",
            rows,
        )


async def upsert_stays(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, revision, status, enrolled_on, qualification,
    jobseeker_registered, priority_publics, exited_on, certification, dropout_reason)."""
    if rows:
        await conn.executemany(
            """INSERT INTO stays (session_id, trainee_key, revision, status, enrolled_on, qualification,
                                  jobseeker_registered, priority_publics, exited_on, certification, dropout_reason)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
               ON CONFLICT (session_id, trainee_key) DO UPDATE SET revision = EXCLUDED.revision,
                   status = EXCLUDED.status, enrolled_on = EXCLUDED.enrolled_on,
                   qualification = EXCLUDED.qualification, jobseeker_registered = EXCLUDED.jobseeker_registered,
                   priority_publics = EXCLUDED.priority_publics, exited_on = EXCLUDED.exited_on,
                   certification = EXCLUDED.certification, dropout_reason = EXCLUDED.dropout_reason
               WHERE stays.revision < EXCLUDED.revision""",
            rows,
        )


async def upsert_suspensions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, suspension_number, started_on, stay_revision)."""
    if rows:
        await conn.executemany(
            """INSERT INTO suspensions (session_id, trainee_key, suspension_number, started_on, stay_revision)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (session_id, trainee_key, suspension_number) DO UPDATE
                   SET started_on = EXCLUDED.started_on, stay_revision = EXCLUDED.stay_revision
               WHERE suspensions.stay_revision < EXCLUDED.stay_revision""",
            rows,
        )


async def insert_outcomes(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, months_after_exit, revision, observed_on, status)."""
    if rows:
        await conn.executemany(
            """INSERT INTO outcome_revisions (session_id, trainee_key, months_after_exit, revision, observed_on,
                                              status)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
            rows,
        )


async def insert_satisfactions(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (session_id, trainee_key, revision, recorded_on, score)."""
    if rows:
        await conn.executemany(
            """INSERT INTO satisfaction_revisions (session_id, trainee_key, revision, recorded_on, score)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""",
            rows,
        )


async def insert_invoices(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (invoice_id, version, order_id, period, total_cents, payable_cents, opening_days_billed,
    trainer_hours_billed, trainee_hours_billed)."""
    if rows:
        await conn.executemany(
            """INSERT INTO invoices (invoice_id, version, order_id, period, total_cents, payable_cents,
                                     opening_days_billed, trainer_hours_billed, trainee_hours_billed)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING""",
            rows,
        )


async def insert_payments(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (invoice_id, version, order_id, period, paid_cents)."""
    if rows:
        await conn.executemany(
            """INSERT INTO invoice_payments (invoice_id, version, order_id, period, paid_cents)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""",
            rows,
        )


async def upsert_accruals(conn: asyncpg.Connection, rows: Sequence[Row]) -> None:
    """rows: (order_id, accrued_cents, sequence)."""
    if rows:
        # One statement per batch; the newest sequence of each order in the batch is the candidate.
        await conn.execute(
            """INSERT INTO accruals (order_id, accrued_cents, sequence)
               SELECT DISTINCT ON (order_id) * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
                   AS t(order_id, accrued_cents, sequence)
               ORDER BY order_id, sequence DESC
               ON CONFLICT (order_id) DO UPDATE SET accrued_cents = EXCLUDED.accrued_cents,
                   sequence = EXCLUDED.sequence
               WHERE accruals.sequence < EXCLUDED.sequence""",
            [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
        )


async def bump_facts_version(conn: asyncpg.Connection) -> None:
    await conn.execute("UPDATE projection_state SET facts_version = facts_version + 1")


async def facts_version(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT facts_version FROM projection_state"))


async def record_snapshot(conn: asyncpg.Connection, period: str, as_of: Any, scopes: dict[str, Any],
                          explain: dict[str, Any]) -> None:
    await conn.execute(
        "INSERT INTO snapshots (period, as_of, scopes, explain) VALUES ($1, $2, $3::jsonb, $4::jsonb)",
        period, as_of, scopes, explain,
    )


async def latest_snapshot(conn: asyncpg.Connection, period: str) -> asyncpg.Record | None:
    row: asyncpg.Record | None = await conn.fetchrow(
        "SELECT period, as_of, taken_at, scopes, explain FROM snapshots WHERE period = $1 ORDER BY id DESC LIMIT 1",
        period,
    )
    return row
