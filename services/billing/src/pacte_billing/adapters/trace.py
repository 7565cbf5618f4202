"""The ledger rows behind an invoice line: every version of the facts of its group, for audit."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from .ledger import facts_of_session


async def facts_behind(conn: asyncpg.Connection, *, order_id: str, fact_type: str, origin_period: str,
                       ref: str | None, upto: int | None, after_fact_id: int, limit: int) -> list[dict[str, Any]]:
    """Ledger rows of one line's group, each flagged with whether it was the current version then."""
    scope = ("facts f WHERE f.order_id = $1 AND f.subject = $4" if fact_type == "milestone"
             else f"sessions s JOIN facts f ON f.fact_type = $2 AND {facts_of_session('s.session_id')} "
                  "WHERE s.order_id = $1 AND $4::text IS NULL")
    extra = " AND f.detail->>'months_after_exit' = '6'" if fact_type == "outcome" else ""
    rows = await conn.fetch(
        f"""SELECT f.fact_id, f.event_id, f.fact_type, f.session_id, f.subject, f.business_date, f.revision,
                   f.quantity, f.detail, f.recorded_at,
                   NOT EXISTS (SELECT 1 FROM facts g WHERE g.fact_type = f.fact_type
                               AND g.business_key = f.business_key AND g.revision > f.revision
                               AND ($5::bigint IS NULL OR g.fact_id <= $5)) AS current
            FROM {scope} AND f.fact_type = $2
              AND f.business_date >= to_date($3, 'YYYY-MM')
              AND f.business_date < to_date($3, 'YYYY-MM') + interval '1 month'
              AND ($5::bigint IS NULL OR f.fact_id <= $5) AND f.fact_id > $6{extra}
            ORDER BY f.fact_id LIMIT $7""",
        order_id, fact_type, origin_period, ref, upto, after_fact_id, limit,
    )
    return [
        {
            "fact_id": r["fact_id"], "event_id": str(r["event_id"]), "fact_type": r["fact_type"],
            "session_id": r["session_id"], "subject": r["subject"], "business_date": r["business_date"].isoformat(),
            "revision": r["revision"], "quantity": None if r["quantity"] is None else str(r["quantity"]),
            "detail": r["detail"] if not isinstance(r["detail"], str) else json.loads(r["detail"]),
            "recorded_at": r["recorded_at"].isoformat(), "current_at_issue": r["current"],
        }
        for r in rows
    ]
