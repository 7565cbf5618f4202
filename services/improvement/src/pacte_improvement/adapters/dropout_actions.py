"""Dropout actions and the history of their statuses. An action id is unique within its plan."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from pacte_contracts.codes import DropoutReason
from pacte_improvement.domain import ActionItem, ActionStatus


def _action(row: asyncpg.Record) -> ActionItem:
    return ActionItem(
        reason_addressed=DropoutReason(row["reason_addressed"]),
        description=row["description"],
        owner_role=row["owner_role"],
        due_on=row["due_on"],
        status=ActionStatus(row["status"]),
        plan_id=row["plan_id"],
        year=int(row["year"]),
        action_id=row["action_id"],
    )


async def action_exists(conn: asyncpg.Connection, plan_id: str, action_id: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM dropout_actions WHERE plan_id = $1 AND action_id = $2)", plan_id, action_id))


async def insert_action(conn: asyncpg.Connection, item: ActionItem) -> None:
    await conn.execute(
        """INSERT INTO dropout_actions (action_id, plan_id, year, reason_addressed, description, owner_role,
                                        due_on, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        item.action_id, item.plan_id, item.year, item.reason_addressed.value, item.description, item.owner_role,
        item.due_on, item.status.value,
    )
    await conn.execute("INSERT INTO dropout_action_history (plan_id, action_id, status) VALUES ($1, $2, $3)",
                       item.plan_id, item.action_id, item.status.value)


async def load_action(conn: asyncpg.Connection, plan_id: str, action_id: str, *, for_update: bool = False
                      ) -> ActionItem | None:
    lock = " FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(f"SELECT * FROM dropout_actions WHERE plan_id = $1 AND action_id = $2{lock}",
                              plan_id, action_id)
    return None if row is None else _action(row)


async def update_action_status(conn: asyncpg.Connection, plan_id: str, action_id: str, status: ActionStatus) -> None:
    await conn.execute("""UPDATE dropout_actions SET status = $3, updated_at = clock_timestamp()
                          WHERE plan_id = $1 AND action_id = $2""", plan_id, action_id, status.value)
    await conn.execute("INSERT INTO dropout_action_history (plan_id, action_id, status) VALUES ($1, $2, $3)",
                       plan_id, action_id, status.value)


async def list_actions(conn: asyncpg.Connection, *, plan_id: str | None = None, year: int | None = None,
                       open_before_year: int | None = None) -> list[ActionItem]:
    """Actions of a plan and/or a year; with ``open_before_year``, the still open ones of earlier years."""
    rows = await conn.fetch(
        """SELECT * FROM dropout_actions
           WHERE ($1::text IS NULL OR plan_id = $1) AND ($2::int IS NULL OR year = $2)
             AND ($3::int IS NULL OR (year < $3 AND status IN ('planned', 'in_progress')))
           ORDER BY plan_id, year, action_id""",
        plan_id, year, open_before_year,
    )
    return [_action(r) for r in rows]


async def action_histories(conn: asyncpg.Connection, plan_id: str,
                           action_ids: Sequence[str]) -> dict[str, list[asyncpg.Record]]:
    rows = await conn.fetch(
        """SELECT action_id, status, changed_at FROM dropout_action_history
           WHERE plan_id = $1 AND action_id = ANY($2::text[]) ORDER BY id""",
        plan_id, list(action_ids),
    )
    out: dict[str, list[asyncpg.Record]] = {}
    for r in rows:
        out.setdefault(r["action_id"], []).append(r)
    return out
