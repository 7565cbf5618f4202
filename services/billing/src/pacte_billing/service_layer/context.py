"""What command handlers need from the outside world, and how a command's effects are recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from pydantic_core import to_jsonable_python

from pacte_contracts.envelope import Event
from pacte_platform import outbox
from pacte_platform.commands import Caller
from pacte_platform.http import audit

SERVICE = "billing"


@dataclass(frozen=True, slots=True)
class Context:
    pool: asyncpg.Pool

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn


async def record(conn: asyncpg.Connection, caller: Caller, *, action: str, entity: str, entity_id: str,
                 after: Any, emitted: list[Event], before: Any = None) -> None:
    """The command's events into the outbox and its audit row, in the command's transaction."""
    await outbox.append(conn, emitted, producer=SERVICE, correlation_id=caller.correlation_id)
    await audit(conn, actor=caller.subject, role=caller.role, action=action, entity=entity, entity_id=entity_id,
                before=to_jsonable_python(before), after=to_jsonable_python(after),
                correlation_id=caller.correlation_id)
