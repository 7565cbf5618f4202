"""Notifications and their fan-out into deliveries, set-based: one statement per table per batch.

An event whose organisation is not known yet (an invoice of an order whose OrderPlaced has not been
read: topics arrive in any order) is kept with no organisation and fanned out when the projection
that says whose it is arrives."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

import asyncpg

from pacte_webhooks.domain.notifications import Notification


async def record_holders(conn: asyncpg.Connection, table: str, key: str, rows: Sequence[tuple[str, str]]) -> None:
    """(order or plan id, organisation id) rows of `order_holders` / `plan_holders`; a holder never changes."""
    if rows:
        await conn.execute(
            f"""INSERT INTO {table} ({key}, organisation_id) SELECT * FROM unnest($1::text[], $2::text[])
                ON CONFLICT DO NOTHING""", [r[0] for r in rows], [r[1] for r in rows])


async def insert(conn: asyncpg.Connection, notifications: Sequence[Notification]) -> None:
    """Adds notifications (a redelivered event's are already there), resolving their organisation."""
    if not notifications:
        return
    await conn.execute(
        """INSERT INTO notifications (notification_id, event_type, subject_kind, subject_id, organisation_id,
                                      occurred_at, payload)
           SELECT n.id, n.type, n.kind, n.subject,
                  CASE n.kind WHEN 'order' THEN (SELECT organisation_id FROM order_holders WHERE order_id = n.subject)
                              WHEN 'plan' THEN (SELECT organisation_id FROM plan_holders WHERE plan_id = n.subject)
                              ELSE n.subject END,
                  n.at, n.payload::jsonb
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
                AS n(id, type, kind, subject, at, payload)
           ON CONFLICT (notification_id) DO NOTHING""",
        [n.notification_id for n in notifications], [n.event_type for n in notifications],
        [n.subject.kind for n in notifications], [n.subject.id for n in notifications],
        [n.occurred_at for n in notifications], [json.dumps(n.data) for n in notifications])


async def resolve_waiting(conn: asyncpg.Connection) -> None:
    """Gives their organisation to notifications that waited for a holder now known."""
    await conn.execute(
        """UPDATE notifications n SET organisation_id = h.organisation_id
           FROM order_holders h WHERE n.organisation_id IS NULL AND n.subject_kind = 'order'
             AND h.order_id = n.subject_id""")
    await conn.execute(
        """UPDATE notifications n SET organisation_id = h.organisation_id
           FROM plan_holders h WHERE n.organisation_id IS NULL AND n.subject_kind = 'plan'
             AND h.plan_id = n.subject_id""")


async def fan_out(conn: asyncpg.Connection, notification_ids: Sequence[uuid.UUID]) -> int:
    """One pending delivery per (notification, active endpoint of its organisation subscribed to its
    type); a notification fanned out before gets nothing new. Wakes the delivery worker."""
    if not notification_ids:
        return 0
    result = await conn.execute(
        """INSERT INTO deliveries (delivery_id, notification_id, endpoint_id, organisation_id, event_type, status,
                                   next_attempt_at, retry_from)
           SELECT gen_random_uuid(), n.notification_id, e.endpoint_id, n.organisation_id, n.event_type, 'pending',
                  clock_timestamp(), clock_timestamp()
           FROM notifications n JOIN endpoints e
             ON e.organisation_id = n.organisation_id AND e.status = 'active' AND n.event_type = ANY(e.event_types)
           WHERE n.notification_id IN (SELECT unnest($1::uuid[]))
           ON CONFLICT (notification_id, endpoint_id) DO NOTHING""",
        list(notification_ids))
    created = int(result.split()[-1])
    if created:
        await conn.execute("SELECT pg_notify('webhook_deliveries', '')")
    return created


async def resolved_since_waiting(conn: asyncpg.Connection, subjects: Sequence[tuple[str, str]]) -> list[uuid.UUID]:
    """Notifications of these (kind, id) subjects that now have an organisation (to fan out)."""
    if not subjects:
        return []
    rows = await conn.fetch(
        """SELECT n.notification_id FROM notifications n
           JOIN unnest($1::text[], $2::text[]) AS s(kind, id) ON s.kind = n.subject_kind AND s.id = n.subject_id
           WHERE n.organisation_id IS NOT NULL""",
        [s[0] for s in subjects], [s[1] for s in subjects])
    return [r["notification_id"] for r in rows]
