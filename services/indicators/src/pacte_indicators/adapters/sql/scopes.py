"""Which scopes exist, the places they offer, and the scope filter every per-scope query is built with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final


def as_of(column: str) -> str:
    """The fact dated ``column`` counts as of $1 (every fact when $1 is NULL)."""
    return f"($1::date IS NULL OR {column} <= $1::date)"


@dataclass(frozen=True, slots=True)
class ScopeFilter:
    """How a query restricts itself to the scopes asked for.

    ``rows`` filters the fanned-out ``session_scopes`` / ``order_scopes`` rows aliased ``sc`` (``param``:
    the scope, NULL for every scope). For one scope, ``members`` (``members_param``: the ids of the
    scope's sessions, or of its orders, read first by :data:`SESSIONS_OF` / :data:`ORDERS_OF`) restricts
    a fact table *before* anything is computed, through its primary key, so one scope's read costs what
    the scope holds, not what the programme holds. An id array rather than a subquery over the views:
    the planner cannot estimate a filter on the views' computed scope (it guesses every session) but
    knows an array's length.
    """

    param: str
    members_param: str
    one: bool

    @property
    def rows(self) -> str:
        return f"sc.scope = {self.param}::text" if self.one else f"{self.param}::text IS NULL"

    def members(self, column: str) -> str:
        return f"{column} = ANY({self.members_param}::text[])" if self.one else "TRUE"


@dataclass(frozen=True, slots=True)
class Scoped:
    """One query's two texts, both made by the same template: every scope, or one scope first."""

    every: str
    one: str

    def text(self, only: str | None) -> str:
        return self.every if only is None else self.one


def scoped(template: Callable[[ScopeFilter], str], param: str = "$2", members_param: str = "$3") -> Scoped:
    return Scoped(every=template(ScopeFilter(param, members_param, one=False)),
                  one=template(ScopeFilter(param, members_param, one=True)))


#: The sessions of scope $1.
SESSIONS_OF: Final = "SELECT session_id FROM session_scopes WHERE scope = $1::text"
#: The orders of scope $1.
ORDERS_OF: Final = "SELECT order_id FROM order_scopes WHERE scope = $1::text"

#: Every scope a session or an order belongs to.
SCOPES: Final = """
SELECT DISTINCT scope FROM (SELECT scope FROM session_scopes UNION ALL SELECT scope FROM order_scopes) AS s
"""

#: Capacity of scheduled, non-cancelled sessions started by $1.
PLACES: Final = scoped(lambda scope: f"""
SELECT sc.scope,
       coalesce(sum(s.capacity) FILTER (WHERE c.session_id IS NULL AND {as_of("s.starts_on")}), 0)
           AS places_offered
FROM sessions s
JOIN session_scopes sc USING (session_id)
LEFT JOIN session_cancellations c USING (session_id)
WHERE {scope.members("s.session_id")} AND {scope.rows}
GROUP BY sc.scope
""")
