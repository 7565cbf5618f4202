"""Reads of the facts projection: every scope counted in a handful of set-based queries.

Each query groups by scope (the views ``session_scopes`` / ``order_scopes`` fan a session or an
order out to its seven scopes) with ``FILTER`` clauses for the as-of date, so the cost does not
grow with the number of scopes or indicators. ``$1`` is the as-of date, NULL for "every fact".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import asyncpg

from pacte_indicators.domain.indicator_set import MoneyFacts
from pacte_indicators.domain.scopes import ScopeCounts, StayCounts, split_scope

_AS_OF = "($1::date IS NULL OR {column} <= $1::date)"

_SCOPES = """
SELECT DISTINCT scope FROM (SELECT scope FROM session_scopes UNION ALL SELECT scope FROM order_scopes) AS s
WHERE ($1::text IS NULL OR scope = $1::text)
"""

_PLACES = f"""
SELECT sc.scope,
       coalesce(sum(s.capacity) FILTER (WHERE c.session_id IS NULL AND {_AS_OF.format(column="s.starts_on")}), 0)
           AS places_offered
FROM sessions s
JOIN session_scopes sc USING (session_id)
LEFT JOIN session_cancellations c USING (session_id)
WHERE ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope
"""

# Re-recording an outcome or a score replaces the earlier value (the newest revision is the value,
# docs/decisions.md); as of $1 it counts when its own date is on or before $1. An older revision
# dated earlier does not come back.
_STAYS = f"""
WITH outcome AS (
    SELECT * FROM (
        SELECT DISTINCT ON (session_id, trainee_key, months_after_exit)
               session_id, trainee_key, months_after_exit, status, observed_on
        FROM outcome_revisions
        ORDER BY session_id, trainee_key, months_after_exit, revision DESC) AS newest
    WHERE {_AS_OF.format(column="observed_on")}
), satisfaction AS (
    SELECT * FROM (
        SELECT DISTINCT ON (session_id, trainee_key) session_id, trainee_key, score, recorded_on
        FROM satisfaction_revisions
        ORDER BY session_id, trainee_key, revision DESC) AS newest
    WHERE {_AS_OF.format(column="recorded_on")}
), stay AS (
    SELECT st.session_id, se.action_type,
           {_AS_OF.format(column="st.enrolled_on")} AS entered,
           (st.status IN ('completed', 'dropped_out') AND st.exited_on IS NOT NULL
            AND {_AS_OF.format(column="st.exited_on")}) AS exited,
           st.status, st.dropout_reason, st.certification, st.qualification, st.jobseeker_registered,
           cardinality(st.priority_publics) > 0 AS priority,
           o6.status AS status_6m, o12.status AS status_12m, sat.score
    FROM stays st
    JOIN sessions se USING (session_id)
    LEFT JOIN outcome o6 ON o6.session_id = st.session_id AND o6.trainee_key = st.trainee_key
                         AND o6.months_after_exit = 6
    LEFT JOIN outcome o12 ON o12.session_id = st.session_id AND o12.trainee_key = st.trainee_key
                          AND o12.months_after_exit = 12
    LEFT JOIN satisfaction sat ON sat.session_id = st.session_id AND sat.trainee_key = st.trainee_key
)
SELECT sc.scope, stay.action_type,
       count(*) FILTER (WHERE entered) AS entries,
       count(*) FILTER (WHERE exited) AS exits,
       count(*) FILTER (WHERE exited AND status = 'dropped_out') AS dropouts,
       count(*) FILTER (WHERE exited AND status = 'dropped_out'
                        AND dropout_reason IS DISTINCT FROM 'return_to_work') AS dropouts_excl_employment,
       count(*) FILTER (WHERE exited AND action_type = 'certifying') AS certifying_exits,
       count(*) FILTER (WHERE exited AND action_type = 'certifying' AND certification = 'full')
           AS full_certifications,
       count(*) FILTER (WHERE exited AND action_type = 'certifying' AND certification = 'partial')
           AS partial_certifications,
       count(*) FILTER (WHERE exited AND status_6m <> 'unknown') AS outcomes_6m,
       count(*) FILTER (WHERE exited AND status_6m IN ('employed_durable', 'employed_other')) AS employed_6m,
       count(*) FILTER (WHERE exited AND status_6m = 'employed_durable') AS durable_6m,
       count(*) FILTER (WHERE exited AND status_12m <> 'unknown') AS outcomes_12m,
       count(*) FILTER (WHERE exited AND status_12m IN ('employed_durable', 'employed_other')) AS employed_12m,
       count(*) FILTER (WHERE exited AND score IS NOT NULL) AS responses,
       coalesce(sum(score) FILTER (WHERE exited AND score IS NOT NULL), 0) AS score_sum,
       count(*) FILTER (WHERE entered AND priority) AS priority_entries,
       count(*) FILTER (WHERE entered AND qualification = 'below_bac') AS below_bac_entries,
       count(*) FILTER (WHERE entered AND jobseeker_registered) AS registered_entries
FROM stay
JOIN session_scopes sc USING (session_id)
WHERE ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope, stay.action_type
"""

_DROPOUT_REASONS = f"""
SELECT sc.scope, st.dropout_reason AS code, count(*) AS n
FROM stays st
JOIN session_scopes sc USING (session_id)
WHERE st.status = 'dropped_out' AND st.dropout_reason IS NOT NULL AND st.exited_on IS NOT NULL
  AND {_AS_OF.format(column="st.exited_on")} AND ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope, st.dropout_reason
"""

_PUBLICS = f"""
SELECT sc.scope, flag AS code, count(*) AS n
FROM stays st
CROSS JOIN LATERAL unnest(st.priority_publics) AS flag
JOIN session_scopes sc USING (session_id)
WHERE {_AS_OF.format(column="st.enrolled_on")} AND ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope, flag
"""

_SUSPENSIONS = f"""
SELECT sc.scope, count(*) AS n
FROM suspensions su
JOIN session_scopes sc USING (session_id)
WHERE {_AS_OF.format(column="su.started_on")} AND ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope
"""

# Money is never date-filtered (INDICATORS.md): invoices and accruals are what billing says now.
_MONEY = """
WITH invoiced AS (
    SELECT order_id, sum(payable_cents) AS payable_cents, sum(opening_days_billed) AS opening_days,
           sum(trainer_hours_billed) AS trainer_hours, sum(trainee_hours_billed) AS trainee_hours
    FROM invoices GROUP BY order_id
), paid AS (
    SELECT order_id, sum(paid_cents) AS paid_cents FROM invoice_payments GROUP BY order_id
)
SELECT sc.scope,
       sum(o.amount_cents) AS committed_cents,
       coalesce(sum(i.payable_cents), 0) AS invoiced_cents,
       coalesce(sum(p.paid_cents), 0) AS paid_cents,
       coalesce(sum(a.accrued_cents), 0) AS accrued_cents,
       coalesce(sum(i.opening_days), 0) AS opening_days,
       coalesce(sum(i.trainer_hours), 0) AS trainer_hours,
       coalesce(sum(i.trainee_hours), 0) AS trainee_hours
FROM orders o
JOIN order_scopes sc USING (order_id)
LEFT JOIN invoiced i USING (order_id)
LEFT JOIN paid p USING (order_id)
LEFT JOIN accruals a USING (order_id)
WHERE ($1::text IS NULL OR sc.scope = $1::text)
GROUP BY sc.scope
"""

_STAY_FIELDS = tuple(StayCounts.__dataclass_fields__)


async def scope_counts(conn: asyncpg.Connection, as_of: date | None,
                       only: str | None = None) -> dict[str, ScopeCounts]:
    """Every scope that anything belongs to (sessions, orders, stays), counted as of ``as_of``;
    just the scope ``only`` when given (absent from the result when nothing belongs to it)."""
    scopes = [r["scope"] for r in await conn.fetch(_SCOPES, only)]
    if not scopes:
        return {}
    places = {r["scope"]: int(r["places_offered"]) for r in await conn.fetch(_PLACES, as_of, only)}
    stays: dict[str, dict[str, StayCounts]] = defaultdict(dict)
    for r in await conn.fetch(_STAYS, as_of, only):
        stays[r["scope"]][r["action_type"]] = StayCounts(**{name: int(r[name]) for name in _STAY_FIELDS})
    reasons: dict[str, dict[str, int]] = defaultdict(dict)
    for r in await conn.fetch(_DROPOUT_REASONS, as_of, only):
        reasons[r["scope"]][r["code"]] = int(r["n"])
    publics: dict[str, dict[str, int]] = defaultdict(dict)
    for r in await conn.fetch(_PUBLICS, as_of, only):
        publics[r["scope"]][r["code"]] = int(r["n"])
    suspensions = {r["scope"]: int(r["n"]) for r in await conn.fetch(_SUSPENSIONS, as_of, only)}
    money = {
        r["scope"]: MoneyFacts(
            opening_days_billed=Decimal(r["opening_days"]),
            trainer_hours_billed=Decimal(r["trainer_hours"]),
            trainee_hours_billed=Decimal(r["trainee_hours"]),
            invoiced_cents=int(r["invoiced_cents"]),
            paid_cents=int(r["paid_cents"]),
            committed_cents=int(r["committed_cents"]),
            accrued_cents=int(r["accrued_cents"]),
        )
        for r in await conn.fetch(_MONEY, only)
    }
    jobseekers = {r["territory"]: int(r["count"])
                  for r in await conn.fetch("SELECT territory, count FROM jobseeker_counts")}

    result: dict[str, ScopeCounts] = {}
    for scope in sorted(scopes):
        scope_type, scope_id = split_scope(scope)
        result[scope] = ScopeCounts(
            scope=scope,
            places_offered=places.get(scope, 0),
            stays_by_action_type=stays.get(scope, {}),
            dropouts_by_reason=reasons.get(scope, {}),
            entries_by_public=publics.get(scope, {}),
            suspensions=suspensions.get(scope, 0),
            money=money.get(scope, MoneyFacts()),
            jobseeker_count=jobseekers.get(scope_id) if scope_type == "territory" else None,
        )
    return result


_BUDGET = """
WITH invoiced AS (SELECT order_id, sum(payable_cents) AS payable_cents FROM invoices GROUP BY order_id),
     paid AS (SELECT order_id, sum(paid_cents) AS paid_cents FROM invoice_payments GROUP BY order_id)
SELECT o.axis, sum(o.amount_cents) AS committed_cents, coalesce(sum(i.payable_cents), 0) AS payable_cents,
       coalesce(sum(p.paid_cents), 0) AS paid_cents
FROM orders o
LEFT JOIN invoiced i USING (order_id)
LEFT JOIN paid p USING (order_id)
GROUP BY o.axis
"""


async def money_by_axis(conn: asyncpg.Connection) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(committed, payable, paid) per axis, in cents."""
    rows = await conn.fetch(_BUDGET)
    return (
        {r["axis"]: int(r["committed_cents"]) for r in rows},
        {r["axis"]: int(r["payable_cents"]) for r in rows},
        {r["axis"]: int(r["paid_cents"]) for r in rows},
    )
