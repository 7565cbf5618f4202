"""The outbox of deliveries: claiming what is due (a lease per attempt, a few per endpoint at most),
recording each attempt, listing and replaying them for the organisation they belong to."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from pacte_platform.paging import Page, Query


@dataclass(frozen=True, slots=True)
class Due:
    delivery_id: uuid.UUID
    attempt: int
    endpoint_id: str
    url: str
    sealed_secret: bytes
    retry_from: datetime
    notification_id: uuid.UUID
    event_type: str
    organisation_id: str
    occurred_at: datetime
    payload: dict[str, Any]


async def claim(conn: asyncpg.Connection, *, limit: int, per_endpoint: int, busy: Sequence[str],
                lease_s: float) -> list[Due]:
    """Takes up to `limit` due deliveries, at most `per_endpoint` per endpoint and none of the `busy`
    endpoints (those with attempts in flight here), and leases them for `lease_s`."""
    rows = await conn.fetch(
        """WITH candidates AS (
               SELECT delivery_id FROM (
                   SELECT d.delivery_id, d.next_attempt_at,
                          row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at) AS rank
                   FROM deliveries d
                   WHERE d.status = 'pending' AND d.next_attempt_at <= clock_timestamp()
                     AND (d.lease_until IS NULL OR d.lease_until < clock_timestamp())
                     AND NOT (d.endpoint_id = ANY($3::text[]))) c
               WHERE rank <= $2 ORDER BY next_attempt_at LIMIT $1),
           due AS (SELECT d.delivery_id FROM deliveries d JOIN candidates USING (delivery_id)
                   FOR UPDATE OF d SKIP LOCKED)
           UPDATE deliveries d SET lease_until = clock_timestamp() + make_interval(secs => $4)
           FROM due, notifications n, endpoints e
           WHERE d.delivery_id = due.delivery_id AND n.notification_id = d.notification_id
             AND e.endpoint_id = d.endpoint_id
           RETURNING d.delivery_id, d.attempts + 1 AS attempt, e.endpoint_id, e.url, e.secret_ciphertext,
                     d.retry_from, n.notification_id, n.event_type, d.organisation_id, n.occurred_at, n.payload""",
        limit, per_endpoint, list(busy), lease_s)
    return [Due(r["delivery_id"], r["attempt"], r["endpoint_id"], r["url"], bytes(r["secret_ciphertext"]),
                r["retry_from"], r["notification_id"], r["event_type"], r["organisation_id"], r["occurred_at"],
                r["payload"]) for r in rows]


async def record_attempt(conn: asyncpg.Connection, due: Due, *, attempted_at: datetime, duration_ms: int,
                         status_code: int | None, error: str | None, delivered: bool,
                         next_attempt_at: datetime | None) -> None:
    """The attempt's row, and where the delivery stands: delivered, retried at `next_attempt_at`, or failed."""
    await conn.execute(
        """INSERT INTO delivery_attempts (delivery_id, attempt, attempted_at, duration_ms, status_code, error)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
        due.delivery_id, due.attempt, attempted_at, duration_ms, status_code, error)
    status = "delivered" if delivered else ("pending" if next_attempt_at is not None else "failed")
    await conn.execute(
        """UPDATE deliveries SET status = $2, attempts = $3, last_attempt_at = $4, last_status_code = $5,
                                 last_error = $6, lease_until = NULL,
                                 next_attempt_at = coalesce($7, next_attempt_at),
                                 delivered_at = CASE WHEN $2 = 'delivered' THEN clock_timestamp() END
           WHERE delivery_id = $1""",
        due.delivery_id, status, due.attempt, attempted_at, status_code, error, next_attempt_at)


_COLUMNS = """d.delivery_id, d.notification_id, d.endpoint_id, d.event_type, d.status, d.attempts, d.next_attempt_at,
              d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.replays, d.created_at"""


async def page(conn: asyncpg.Connection, organisation_id: str, *, endpoint_id: str | None, status: str | None,
               event_type: str | None, cursor: str | None, limit: int) -> Page:
    q = Query(f"SELECT {_COLUMNS} FROM deliveries d", [("d.created_at", "timestamptz"), ("d.delivery_id", "uuid")],
              ["d.organisation_id = $1"], [organisation_id])
    q.where("d.endpoint_id = {}", endpoint_id).where("d.status = {}", status).where("d.event_type = {}", event_type)
    return await q.page(conn, cursor, limit)


async def get(conn: asyncpg.Connection, organisation_id: str, delivery_id: uuid.UUID) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM deliveries d WHERE d.organisation_id = $1 "
                              "AND d.delivery_id = $2", organisation_id, delivery_id)
    if row is None:
        return None
    attempts = await conn.fetch(
        """SELECT attempt, attempted_at, duration_ms, status_code, error FROM delivery_attempts
           WHERE delivery_id = $1 ORDER BY attempt""", delivery_id)
    return {**dict(row), "attempt_log": [dict(a) for a in attempts]}


async def replay(conn: asyncpg.Connection, delivery_id: uuid.UUID) -> None:
    """Due now again, with a new 24-hour window of retries (its attempts keep counting)."""
    await conn.execute(
        """UPDATE deliveries SET status = 'pending', next_attempt_at = clock_timestamp(),
                                 retry_from = clock_timestamp(), replays = replays + 1, lease_until = NULL,
                                 delivered_at = NULL
           WHERE delivery_id = $1""", delivery_id)
    await conn.execute("SELECT pg_notify('webhook_deliveries', '')")
