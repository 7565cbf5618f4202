"""Which scopes exist, and the places they offer."""

from __future__ import annotations

from typing import Final


def as_of(column: str) -> str:
    """The fact dated ``column`` counts as of $1 (every fact when $1 is NULL)."""
    return f"($1::date IS NULL OR {column} <= $1::date)"


#: Every scope a session or an order belongs to ($1: one scope, NULL for all).
SCOPES: Final = """
SELECT DISTINCT scope FROM (SELECT scope FROM session_scopes UNION ALL SELECT scope FROM order_scopes) AS s
WHERE ($1::text IS NULL OR scope = $1::text)
"""

#: Capacity of scheduled, non-cancelled sessions started by $1.
PLACES: Final = f"""
SELECT sc.scope,
       coalesce(sum(s.capacity) FILTER (WHERE c.session_id IS NULL AND {as_of("s.starts_on")}), 0)
           AS places_offered
FROM sessions s
JOIN session_scopes sc USING (session_id)
LEFT JOIN session_cancellations c USING (session_id)
WHERE ($2::text IS NULL OR sc.scope = $2::text)
GROUP BY sc.scope
"""
