"""Open days, stays, outcomes and milestone achievements into the ledger and their current versions.

One statement per fact type and batch: the ledger insert (a redelivered revision is ignored), then the
upsert of each key's newest revision. Withdrawn open days, cancelled stays and withdrawn outcomes are
revisions like the others, so a declaration delivered after the withdrawal that replaced it stays dead.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from .ledger import MilestoneFact, OpenDayFact, OutcomeFact, StayFact


async def record_open_days(conn: asyncpg.Connection, facts: Sequence[OpenDayFact]) -> set[str]:
    if not facts:
        return set()
    rows = await conn.fetch(
        """WITH ledger AS (
               INSERT INTO facts (event_id, fact_type, business_key, revision, session_id, business_date, quantity,
                                  detail)
               SELECT event_id, 'open_day', session_id || '|' || day, revision, session_id, day,
                      CASE WHEN open THEN 1 ELSE 0 END,
                      CASE WHEN open THEN NULL ELSE '{"withdrawn": true}'::jsonb END
               FROM unnest($1::uuid[], $2::text[], $3::date[], $4::int[], $5::boolean[])
                   AS t(event_id, session_id, day, revision, open)
               ON CONFLICT (fact_type, business_key, revision) DO NOTHING
               RETURNING fact_id, session_id, business_date AS day, revision, quantity = 1 AS open),
           incoming AS (SELECT DISTINCT ON (session_id, day) * FROM ledger ORDER BY session_id, day, revision DESC),
           upserted AS (
               INSERT INTO open_days AS o (session_id, day, revision, fact_id, open)
               SELECT session_id, day, revision, fact_id, open FROM incoming
               ON CONFLICT (session_id, day) DO UPDATE
                   SET revision = EXCLUDED.revision, fact_id = EXCLUDED.fact_id, open = EXCLUDED.open
               WHERE o.revision < EXCLUDED.revision
               RETURNING session_id)
           SELECT DISTINCT session_id FROM ledger""",
        [f.event_id for f in facts], [f.session_id for f in facts], [f.day for f in facts],
        [f.revision for f in facts], [f.open for f in facts],
    )
    return {r["session_id"] for r in rows}


async def record_stays(conn: asyncpg.Connection, facts: Sequence[StayFact]) -> tuple[set[str], set[str]]:
    """Records stays; returns the sessions of the new facts, and the persons whose pathways they may change."""
    if not facts:
        return set(), set()
    rows = await conn.fetch(
        """WITH raw AS (
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::int[], $6::date[],
                                    $7::text[], $8::date[], $9::text[])
                   AS t(event_id, session_id, trainee_key, event_date, revision, enrolled_on, status, exited_on,
                        person_key)),
           ledger AS (
               INSERT INTO facts (event_id, fact_type, business_key, revision, session_id, subject, business_date,
                                  detail)
               SELECT event_id, 'stay', session_id || '|' || trainee_key, revision, session_id, trainee_key,
                      event_date, jsonb_strip_nulls(jsonb_build_object('enrolled_on', enrolled_on, 'status', status,
                                                     'person_key', person_key)) || jsonb_build_object(
                                                     'exited_on', exited_on)
               FROM raw
               ON CONFLICT (fact_type, business_key, revision) DO NOTHING
               RETURNING fact_id, session_id, subject AS trainee_key, revision, detail),
           incoming AS (
               SELECT DISTINCT ON (session_id, trainee_key) * FROM ledger
               ORDER BY session_id, trainee_key, revision DESC),
           upserted AS (
               INSERT INTO stays AS s (session_id, trainee_key, revision, enrolled_on, status, exited_on, fact_id,
                                       person_key)
               SELECT session_id, trainee_key, revision, (detail->>'enrolled_on')::date, detail->>'status',
                      (detail->>'exited_on')::date, fact_id, detail->>'person_key'
               FROM incoming
               ON CONFLICT (session_id, trainee_key) DO UPDATE
                   SET revision = EXCLUDED.revision, enrolled_on = EXCLUDED.enrolled_on, status = EXCLUDED.status,
                       exited_on = EXCLUDED.exited_on, fact_id = EXCLUDED.fact_id, person_key = EXCLUDED.person_key
                   WHERE s.revision < EXCLUDED.revision
               RETURNING session_id)
           -- A person's step also changes the continuity bonus of their other sessions' orders: the person
           -- the event names, and the one the stay had (a cancellation names none; `stays` is read as it was
           -- before this statement). Their sessions are looked up later, under the cross-reference lock.
           SELECT DISTINCT session_id, NULL AS person_key FROM ledger
           UNION
           SELECT NULL, person_key FROM raw WHERE person_key IS NOT NULL
           UNION
           SELECT NULL, was.person_key FROM stays was JOIN raw USING (session_id, trainee_key)
           WHERE was.person_key IS NOT NULL""",
        [f.event_id for f in facts], [f.session_id for f in facts], [f.trainee_key for f in facts],
        [f.event_date for f in facts], [f.revision for f in facts], [f.enrolled_on for f in facts],
        [f.status for f in facts], [f.exited_on for f in facts], [f.person_key for f in facts],
    )
    return ({r["session_id"] for r in rows if r["session_id"] is not None},
            {r["person_key"] for r in rows if r["person_key"] is not None})


async def record_outcomes(conn: asyncpg.Connection, facts: Sequence[OutcomeFact]) -> set[str]:
    if not facts:
        return set()
    rows = await conn.fetch(
        """WITH raw AS (
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::date[], $6::text[],
                                    $7::int[], $8::date[])
                   AS t(event_id, session_id, trainee_key, months, observed_on, status, revision, business_date)),
           ledger AS (
               INSERT INTO facts (event_id, fact_type, business_key, revision, session_id, subject, business_date,
                                  quantity, detail)
               SELECT event_id, 'outcome', session_id || '|' || trainee_key || '|' || months, revision, session_id,
                      trainee_key, business_date, CASE WHEN status IS NULL THEN 0 ELSE 1 END,
                      jsonb_build_object('months_after_exit', months, 'status', status, 'observed_on', observed_on)
               FROM raw
               ON CONFLICT (fact_type, business_key, revision) DO NOTHING
               RETURNING fact_id, session_id, subject AS trainee_key, revision, detail),
           incoming AS (
               SELECT DISTINCT ON (session_id, trainee_key, (detail->>'months_after_exit')) * FROM ledger
               ORDER BY session_id, trainee_key, (detail->>'months_after_exit'), revision DESC),
           upserted AS (
               INSERT INTO outcomes AS o (session_id, trainee_key, months_after_exit, revision, observed_on, status,
                                          fact_id)
               SELECT session_id, trainee_key, (detail->>'months_after_exit')::int, revision,
                      (detail->>'observed_on')::date, detail->>'status', fact_id
               FROM incoming
               ON CONFLICT (session_id, trainee_key, months_after_exit) DO UPDATE
                   SET revision = EXCLUDED.revision, observed_on = EXCLUDED.observed_on, status = EXCLUDED.status,
                       fact_id = EXCLUDED.fact_id
                   WHERE o.revision < EXCLUDED.revision
               RETURNING session_id)
           SELECT DISTINCT session_id FROM ledger""",
        [f.event_id for f in facts], [f.session_id for f in facts], [f.trainee_key for f in facts],
        [f.months_after_exit for f in facts], [f.observed_on for f in facts], [f.status for f in facts],
        [f.revision for f in facts], [f.business_date for f in facts],
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
