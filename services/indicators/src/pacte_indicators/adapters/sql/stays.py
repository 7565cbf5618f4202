"""Counts over trainees' stays: entries, exits, outcomes, satisfaction, publics, suspensions.

A cancelled enrolment never existed (INDICATORS.md): a stay or a suspension counts only when no
cancellation of its (session, trainee) has a higher stay revision, and a cancelled stay's score and
outcomes are withdrawn by newer revisions without a value. Re-recording an outcome or a score
replaces the earlier value (docs/decisions.md): the newest revision is the value; as of $1 it counts
when its own date is on or before $1, and an older revision never comes back.
"""

from __future__ import annotations

from typing import Final

from .scopes import as_of


def _alive(table: str, revision: str) -> str:
    return f"""(SELECT * FROM {table} AS fact WHERE NOT EXISTS (
        SELECT 1 FROM enrolment_cancellations c
        WHERE c.session_id = fact.session_id AND c.trainee_key = fact.trainee_key
          AND c.stay_revision > fact.{revision}))"""


#: Stays of enrolments that were not cancelled.
LIVE_STAYS: Final = _alive("stays", "revision")
#: Suspensions of those stays (a cancelled stay's suspensions are dead, even numbered like a later stay's).
LIVE_SUSPENSIONS: Final = _alive("suspensions", "stay_revision")

STAYS: Final = f"""
WITH outcome AS (
    SELECT * FROM (
        SELECT DISTINCT ON (session_id, trainee_key, months_after_exit)
               session_id, trainee_key, months_after_exit, status, observed_on
        FROM outcome_revisions
        ORDER BY session_id, trainee_key, months_after_exit, revision DESC) AS newest
    WHERE status IS NOT NULL AND {as_of("observed_on")}
), satisfaction AS (
    SELECT * FROM (
        SELECT DISTINCT ON (session_id, trainee_key) session_id, trainee_key, score, recorded_on
        FROM satisfaction_revisions
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
    FROM {LIVE_STAYS} AS st
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

DROPOUT_REASONS: Final = f"""
SELECT sc.scope, st.dropout_reason AS code, count(*) AS n
FROM {LIVE_STAYS} AS st
JOIN session_scopes sc USING (session_id)
WHERE st.status = 'dropped_out' AND st.dropout_reason IS NOT NULL AND st.exited_on IS NOT NULL
  AND {as_of("st.exited_on")} AND ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope, st.dropout_reason
"""

PUBLICS: Final = f"""
SELECT sc.scope, flag AS code, count(*) AS n
FROM {LIVE_STAYS} AS st
CROSS JOIN LATERAL unnest(st.priority_publics) AS flag
JOIN session_scopes sc USING (session_id)
WHERE {as_of("st.enrolled_on")} AND ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope, flag
"""

SUSPENSIONS: Final = f"""
SELECT sc.scope, count(*) AS n
FROM {LIVE_SUSPENSIONS} AS su
JOIN session_scopes sc USING (session_id)
WHERE {as_of("su.started_on")} AND ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope
"""
