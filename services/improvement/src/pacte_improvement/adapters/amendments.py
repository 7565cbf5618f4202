"""Amendments of plans: proposed, then accepted or rejected by the buyer."""

from __future__ import annotations

from typing import Any

import asyncpg

from pacte_improvement.domain import Proposal, ProposeAmendment


async def next_amendment_number(conn: asyncpg.Connection, plan_id: str) -> int:
    return int(await conn.fetchval("SELECT coalesce(max(number), 0) + 1 FROM amendments WHERE plan_id = $1",
                                   plan_id))


async def insert_amendment(conn: asyncpg.Connection, plan_id: str, number: int, reason: str,
                           changes: dict[str, Any]) -> None:
    await conn.execute(
        "INSERT INTO amendments (plan_id, number, reason, changes) VALUES ($1, $2, $3, $4::jsonb)",
        plan_id, number, reason, changes,
    )


async def load_amendment(conn: asyncpg.Connection, plan_id: str, number: int, *, for_update: bool = False
                         ) -> asyncpg.Record | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT * FROM amendments WHERE plan_id = $1 AND number = $2{lock}", plan_id, number)


async def load_proposal(conn: asyncpg.Connection, plan_id: str, number: int) -> Proposal | None:
    """The amendment, locked, with its proposed changes read back as the command that proposed them."""
    row = await load_amendment(conn, plan_id, number, for_update=True)
    if row is None:
        return None
    change = ProposeAmendment.model_validate({**row["changes"], "plan_id": plan_id})
    return Proposal(plan_id, number, row["status"], change)


async def list_amendments(conn: asyncpg.Connection, plan_id: str) -> list[asyncpg.Record]:
    return list(await conn.fetch("SELECT * FROM amendments WHERE plan_id = $1 ORDER BY number", plan_id))


async def decide_amendment(conn: asyncpg.Connection, plan_id: str, number: int, status: str, decided_by: str,
                           comment: str | None, resulting_version: int | None) -> None:
    await conn.execute(
        """UPDATE amendments SET status = $3, decided_at = clock_timestamp(), decided_by = $4,
                                 decision_comment = $5, resulting_version = $6
           WHERE plan_id = $1 AND number = $2""",
        plan_id, number, status, decided_by, comment, resulting_version,
    )
