"""The indicators' rules as SQL (INDICATORS.md): what `adapters/queries.py` runs over the projection.

Every query groups by scope (the views ``session_scopes`` / ``order_scopes`` fan a session or an
order out to its scopes) with ``FILTER`` clauses for the as-of date, so the cost does not grow with
the number of scopes or indicators. ``$1`` is the as-of date (NULL: every fact), ``$2`` one scope
(NULL: every scope), ``$3`` that scope's session ids. A per-scope query is one template
(`scopes.scoped`) made into two texts: every scope, or one scope whose facts are restricted to its
own sessions and orders *first*, so one scope's read costs what the scope holds. The reference
model in `tests/oracle/` says the same the plain way.
"""
