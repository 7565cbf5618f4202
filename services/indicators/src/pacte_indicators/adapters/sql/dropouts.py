"""The dropout analysis's counts: entrants and dropouts per action type and course length band, the
dropouts per reason × priority public × action type × band, and per week of the course.

A dropout counts as of $1 by its exit date, an entry by its enrolment date (INDICATORS.md "Time"); a
cancelled enrolment never existed. A trainee with several priority-public flags is in each flag's cell,
one with none in the cell `none`. The week of the course is 1 for the exit on the session's first
seven days (from its start), 2 for the next seven, and so on.
"""

from __future__ import annotations

from typing import Final

from pacte_indicators.domain.dropouts import LENGTH_BANDS, NO_PRIORITY_PUBLIC, UNKNOWN_BAND

from .scopes import as_of
from .stays import LIVE_STAYS


def _band_case(hours: str) -> str:
    branches = " ".join(f"WHEN {hours} < {upper} THEN '{code}'" for code, _, upper in LENGTH_BANDS if upper)
    last = LENGTH_BANDS[-1][0]
    return f"CASE WHEN {hours} IS NULL THEN '{UNKNOWN_BAND}' {branches} ELSE '{last}' END"


_STAY: Final = f"""
WITH stay AS (
    SELECT st.session_id, se.action_type, st.qualification = 'below_bac' AS below_bac, st.priority_publics,
           {as_of("st.enrolled_on")} AS entered,
           (st.status = 'dropped_out' AND st.exited_on IS NOT NULL AND {as_of("st.exited_on")}) AS dropped,
           st.dropout_reason, (st.exited_on - se.starts_on) / 7 + 1 AS week,
           {_band_case("se.planned_days * se.hours_per_day")} AS length_band
    FROM {LIVE_STAYS} AS st
    JOIN sessions se USING (session_id)
    WHERE se.session_id IN (SELECT session_id FROM session_scopes WHERE scope = $2::text)
)"""

#: Entrants per (action type, band).
GROUPS: Final = f"""{_STAY}
SELECT action_type, length_band,
       count(*) FILTER (WHERE entered) AS entries,
       count(*) FILTER (WHERE dropped) AS dropouts,
       count(*) FILTER (WHERE dropped AND dropout_reason IS DISTINCT FROM 'return_to_work')
           AS dropouts_excl_employment,
       count(*) FILTER (WHERE entered AND below_bac) AS below_bac_entries,
       count(*) FILTER (WHERE dropped AND below_bac) AS below_bac_dropouts,
       count(*) FILTER (WHERE dropped AND below_bac AND dropout_reason IS DISTINCT FROM 'return_to_work')
           AS below_bac_dropouts_excl_employment
FROM stay GROUP BY action_type, length_band
"""

#: Dropouts per (reason, priority public, action type, band).
CELLS: Final = f"""{_STAY}
SELECT dropout_reason AS reason, public, action_type, length_band, count(*) AS dropouts
FROM stay
CROSS JOIN LATERAL unnest(CASE WHEN cardinality(priority_publics) = 0 THEN ARRAY['{NO_PRIORITY_PUBLIC}']
                               ELSE priority_publics END) AS public
WHERE dropped AND dropout_reason IS NOT NULL
GROUP BY dropout_reason, public, action_type, length_band
"""

#: Dropouts per (week of the course, reason).
WEEKS: Final = f"""{_STAY}
SELECT week, dropout_reason AS reason, count(*) AS dropouts
FROM stay WHERE dropped AND dropout_reason IS NOT NULL
GROUP BY week, dropout_reason
"""
