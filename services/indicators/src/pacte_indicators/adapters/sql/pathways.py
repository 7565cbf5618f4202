"""Pathways (issue 22, docs/decisions.md): people who completed an Essentials (preparatory) session
and entered a certifying or professionalising session within 90 days, counted in the scopes of the
first step.

A person is the region's pseudonym (`stays.person_key`); stays without one cannot be followed and
count nowhere here, nor do cancelled enrolments. A completion counts once it has been observed for
the whole window: exited at least 90 days before the reading's day ($1, or the newest stay date when
$1 is NULL; every row says which, `as_of`), so the rate of a recent month does not look low only
because its people have not had time to go on. The next step is the earliest entry 0 to 90 days
after the completion (at equal delay, one at another organisation wins); per scope, a person counts
once, by their pathway that went on soonest.
"""

from __future__ import annotations

from typing import Final

from .stays import LIVE_STAYS

#: Days after an Essentials completion within which entering the next step continues the pathway.
CONTINUATION_DAYS: Final = 90

PATHWAYS: Final = f"""
WITH person_stay AS (
    SELECT st.session_id, st.person_key, st.status, st.enrolled_on, st.exited_on, se.action_type,
           se.holder_organisation_id AS holder
    FROM {LIVE_STAYS} AS st
    JOIN sessions se USING (session_id)
    WHERE st.person_key IS NOT NULL
), reading AS (
    SELECT coalesce($1::date, (SELECT max(greatest(enrolled_on, exited_on)) FROM person_stay)) AS day
), first_step AS (
    SELECT ps.session_id, ps.person_key, ps.exited_on, ps.holder
    FROM person_stay ps, reading r
    WHERE ps.action_type = 'preparatory' AND ps.status = 'completed' AND ps.exited_on IS NOT NULL
      AND ps.exited_on + {CONTINUATION_DAYS} <= r.day
), pathway AS (
    -- Every next step within the window, joined on the person (a hash join): a LATERAL search per first
    -- step scanned every stay of the programme each time (a materialised CTE has no index), which took
    -- minutes at a whole pact's size. Keeping every pair changes nothing below: per person and scope the
    -- pathway kept is the least (gap, crossing first) over all pairs, the least of each first step's least.
    SELECT f.session_id, f.person_key, n.enrolled_on - f.exited_on AS gap, n.holder <> f.holder AS crosses
    FROM first_step f
    LEFT JOIN person_stay n
      ON n.person_key = f.person_key AND n.action_type IN ('certifying', 'professionalising')
     AND n.enrolled_on BETWEEN f.exited_on AND f.exited_on + {CONTINUATION_DAYS}
), per_person AS (
    SELECT DISTINCT ON (sc.scope, p.person_key) sc.scope, p.gap, p.crosses
    FROM pathway p
    JOIN session_scopes sc USING (session_id)
    WHERE ($2::text IS NULL OR sc.scope = $2::text)
    ORDER BY sc.scope, p.person_key, p.gap NULLS LAST, p.crosses DESC
)
SELECT scope,
       count(*) AS completers,
       count(gap) AS continued,
       count(*) FILTER (WHERE crosses) AS cross_organisation,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS median_days,
       (SELECT day FROM reading) AS as_of
FROM per_person
GROUP BY scope
"""
