"""The billable-facts ledger: what a batch of facts is made of, the ledger's lock and watermark, and
the session → order links.

Every write takes a whole batch in a constant number of statements: the ledger insert, then the
upsert of each key's current version (highest revision wins, whatever the delivery order). A
withdrawal (an open day withdrawn, the records of a cancelled enrolment) is such a revision too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
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
    #: A tombstone: the record of a cancelled enrolment, worth no hours from this revision on.
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class OpenDayFact:
    event_id: UUID
    session_id: str
    day: date
    revision: int
    open: bool = True


@dataclass(frozen=True, slots=True)
class StayFact:
    event_id: UUID
    session_id: str
    trainee_key: str
    event_date: date
    revision: int
    enrolled_on: date
    status: str  # a stay's status, or `cancelled`: the enrolment never existed
    exited_on: date | None
    person_key: str | None = None  # the region's person pseudonym (continuity bonus)


@dataclass(frozen=True, slots=True)
class OutcomeFact:
    event_id: UUID
    session_id: str
    trainee_key: str
    months_after_exit: int
    observed_on: date | None  # None with status None: withdrawn
    status: str | None
    revision: int
    #: Where the ledger files it: the observation date, or the cancelled enrolment's date.
    business_date: date


@dataclass(frozen=True, slots=True)
class MilestoneFact:
    event_id: UUID
    milestone_id: str
    plan_id: str
    order_id: str
    bonus_cents: int
    achieved_on: date


@dataclass(frozen=True, slots=True)
class SessionLink:
    session_id: str
    order_id: str
    revision: int


def facts_of_session(session_id: str, facts: str = "f") -> str:
    """SQL condition: the ledger rows `facts` of the session `session_id` (SQL expressions), for a query
    that also fixes `{facts}.fact_type`. Every session-scoped business key starts with the session id
    and '|', and the keys compare byte by byte (COLLATE "C", migration 0007), so ['S|', 'S}') brackets
    them: a range of the unique index (fact_type, business_key, revision). The last test keeps the
    range exact whatever characters ids hold."""
    return (f"{facts}.business_key >= ({session_id} || '|') COLLATE \"C\" "
            f"AND {facts}.business_key < ({session_id} || '}}') COLLATE \"C\" "
            f"AND {facts}.session_id = {session_id}")


async def lock_ledger(conn: asyncpg.Connection) -> None:
    """Waits for in-flight fact batches and holds new ones off until the caller commits.

    Issuing reads `max(fact_id)` as the watermark of what its invoices billed; this lock makes every
    row below it visible (no uncommitted lower id can appear later). Commands that change what an
    order's invoices count (disputes, re-issues, order closings) take it too, so they and closings
    happen one after the other. Self-conflicting, so two of them serialise instead of deadlocking.
    """
    await conn.execute("LOCK TABLE facts IN SHARE ROW EXCLUSIVE MODE")


async def watermark(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT coalesce(max(fact_id), 0) FROM facts"))


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


async def orders_of_sessions(conn: asyncpg.Connection, session_ids: Iterable[str]) -> set[str]:
    ids = list(session_ids)
    if not ids:
        return set()
    rows = await conn.fetch(
        "SELECT DISTINCT order_id FROM sessions WHERE session_id IN (SELECT unnest($1::text[]))", ids)
    return {r["order_id"] for r in rows}


async def pathway_partners(conn: asyncpg.Connection, session_ids: Iterable[str], order_ids: Iterable[str],
                           person_keys: Iterable[str] = ()) -> set[str]:
    """The orders of every session of these persons, and of the people enrolled in these sessions or in
    these orders' sessions.

    A continuity bonus joins an Essentials stay, a next step's stay, both sessions' links and both orders;
    they come on different topics and partitions, so whichever comes last must refresh the Essentials
    order's accrual. Read under `hold_cross_references`, after the batch's own writes."""
    sessions, orders, persons = list(session_ids), list(order_ids), list(person_keys)
    if not sessions and not orders and not persons:
        return set()
    rows = await conn.fetch(
        """WITH moved AS (SELECT unnest($1::text[]) AS session_id
                          UNION SELECT session_id FROM sessions WHERE order_id IN (SELECT unnest($2::text[]))),
                people AS (SELECT st.person_key FROM stays st JOIN moved USING (session_id)
                           WHERE st.person_key IS NOT NULL
                           UNION SELECT unnest($3::text[]))
           SELECT DISTINCT s.order_id FROM stays other JOIN people USING (person_key)
           JOIN sessions s ON s.session_id = other.session_id""",
        sessions, orders, persons)
    return {r["order_id"] for r in rows}


async def hold_cross_references(conn: asyncpg.Connection, *, links_people: bool) -> None:
    """Makes fact batches that may miss each other's rows find their orders one after the other.

    A batch's facts name sessions, persons and orders that another group member may be recording at the
    same moment (hours on one partition, their session's link on another; a stay, and its person's next
    step or that step's order). Under READ COMMITTED each would miss the other's uncommitted rows, and
    neither would refresh the order they both matter to. Held from the search for touched orders to the
    commit, the later batch sees the earlier one's rows. A batch that records links, orders or stays
    (`links_people`) holds it alone; batches of hours and outcomes only share it, as they cannot miss one
    another. Recording stays concurrent; per schema, so other services' locks are not shared."""
    mode = "pg_advisory_xact_lock" if links_people else "pg_advisory_xact_lock_shared"
    await conn.execute(f"SELECT {mode}(hashtext(current_schema() || ':fact-cross-references'))")
