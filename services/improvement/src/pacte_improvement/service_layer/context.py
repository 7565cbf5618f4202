"""What command handlers share: the pool, one transaction per command, and its record (outbox, audit).

A command handler reads (locking what its rule depends on), asks the pure domain to decide
(`check` raises `Refused`), stores the result, appends its events to the outbox and audits, in
one transaction: a refusal rolls everything back, so a refused command changes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from pydantic_core import to_jsonable_python

from pacte_contracts.codes import RejectionReason
from pacte_contracts.envelope import Event
from pacte_contracts.refusals import Refused, refuse
from pacte_contracts.types import Command
from pacte_platform import outbox
from pacte_platform.audit import audit
from pacte_platform.commands import Caller
from pacte_platform.metrics import REJECTIONS

SERVICE = "improvement"


def organisation_of(caller: Caller) -> str | None:
    """The organisation sending a command; None for the back-office."""
    return caller.subject if caller.role == "organisation" else None


@dataclass(frozen=True)
class Context:
    pool: asyncpg.Pool

    @asynccontextmanager
    async def unit_of_work(self, command: Command) -> AsyncIterator[asyncpg.Connection]:
        try:
            try:
                async with self.pool.acquire() as conn, conn.transaction():
                    yield conn
            except asyncpg.UniqueViolationError as exc:
                # Two concurrent creations of one id: the loser is refused like a sequential duplicate.
                raise refuse(RejectionReason.INVALID, "this id cannot be used: choose another") from exc
        except Refused as refused:
            REJECTIONS.labels(SERVICE, command.NAME, refused.reason.value).inc()
            raise


async def record(conn: asyncpg.Connection, caller: Caller, command: Command, entity: str, entity_id: str, *,
                 before: Any = None, after: Any = None, events: Sequence[Event] = ()) -> None:
    """The command's events in the outbox and its audit row, in its transaction."""
    await outbox.append(conn, list(events), producer=SERVICE, correlation_id=caller.correlation_id)
    await audit(conn, actor=caller.subject, role=caller.role, action=command.NAME, entity=entity,
                entity_id=entity_id, before=to_jsonable_python(before), after=to_jsonable_python(after),
                correlation_id=caller.correlation_id)
