"""Counts over trainees' stays: entries, exits, outcomes, satisfaction, publics, suspensions.

A cancelled enrolment never existed (INDICATORS.md): a stay or a suspension counts only when no
cancellation of its (session, trainee) has a higher stay revision, and a cancelled stay's score and
outcomes are withdrawn by newer revisions without a value. Re-recording an outcome or a score
replaces the earlier value (docs/decisions.md): the newest revision is the value; as of $1 it counts
when its own date is on or before $1, and an older revision never comes back.
"""

from __future__ import annotations

from typing import Final

from .scopes import ScopeFilter, as_of, scoped


def _alive(table: str, revision: str, restriction: str = "TRUE") -> str:
    return f"""(SELECT * FROM {table} AS fact WHERE {restriction} AND NOT EXISTS (
        SELECT 1 FROM enrolment_cancellations c
        WHERE c.session_id = fact.session_id AND c.trainee_key = fact.trainee_key
          AND c.stay_revision > fact.{revision}))"""


def live_stays(scope: ScopeFilter) -> str:
    """Stays of enrolments that were not cancelled, in the scope's sessions."""
    return _alive("stays", "revision", scope.members("fact.session_id"))


def live_suspensions(scope: ScopeFilter) -> str:
    """Suspensions of those stays (a cancelled stay's suspensions are dead, even numbered like a later stay's)."""
    return _alive("suspensions", "stay_revision", scope.members("fact.session_id"))


#: Stays of enrolments that were not cancelled, in every session.
LIVE_STAYS: Final = _alive("stays", "revision")


def _stays(scope: ScopeFilter) -> str:
    return f"""
WITH outcome AS NOT MATERIALIZED (
    -- Inlined into each of its two joins, so the planner sees each month's rows (as one CTE it
    -- guessed one row per month and looped over every pair of stay and outcome).
    SELECT * FROM (
        SELECT DISTINCT ON (session_id, trainee_key, months_after_exit)
               session_id, trainee_key, months_after_exit, status, observed_on
        FROM outcome_revisions
        WHERE {scope.members("session_id")}
        ORDER BY session_id, trainee_key, months_after_exit, revision DESC) AS newest
    WHERE status IS NOT NULL AND {as_of("observed_on")}
), satisfaction AS (
    SELECT * FROM (
        SELECT DISTINCT ON (session_id, trainee_key) session_id, trainee_key, score, recorded_on
        FROM satisfaction_revisions
        WHERE {scope.members("session_id")}
        ORDER BY session_id, trainee_key, revision DESC) AS newest
    WHERE score IS NOT NULL AND {as_of("recorded_on")}
), stay AS (
    SELECT st.session_id, se.action_type,
           {as_of("st.enrolled_on")} AS entered,
           (st.status IN ('completed', 'dropped_out') AND st.exited_on IS NOT NULL
            AND {as_of("st.exited_on")}) AS exited,
           st.status, st.dropout_reason, st.certification, st.qualification, st.jobseeker_registered,
           cardinality(st.priority_publics) > 0 AS priority,
           o6.status AS status_6m, o12.status AS status_12m, sat.score
    FROM {live_stays(scope)} AS st
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
WHERE {scope.rows}
GROUP BY sc.scope, stay.action_type
"""


STAYS: Final = scoped(_stays)

DROPOUT_REASONS: Final = scoped(lambda scope: f"""
SELECT sc.scope, st.dropout_reason AS code, count(*) AS n
FROM {live_stays(scope)} AS st
JOIN session_scopes sc USING (session_id)
WHERE st.status = 'dropped_out' AND st.dropout_reason IS NOT NULL AND st.exited_on IS NOT NULL
  AND {as_of("st.exited_on")} AND {scope.rows}
GROUP BY sc.scope, st.dropout_reason
""")

PUBLICS: Final = scoped(lambda scope: f"""
SELECT sc.scope, flag AS code, count(*) AS n
FROM {live_stays(scope)} AS st
CROSS JOIN LATERAL unnest(st.priority_publics) AS flag
JOIN session_scopes sc USING (session_id)
WHERE {as_of("st.enrolled_on")} AND {scope.rows}
GROUP BY sc.scope, flag
""")

SUSPENSIONS: Final = scoped(lambda scope: f"""
SELECT sc.scope, count(*) AS n
FROM {live_suspensions(scope)} AS su
JOIN session_scopes sc USING (session_id)
WHERE {as_of("su.started_on")} AND {scope.rows}
GROUP BY sc.scope
""")
