"""What the handlers need from the outside world: the pool, the two pseudonymizers and the signer
of the credential events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from pydantic_core import to_jsonable_python

from pacte_attendance.adapters.pseudonyms import Pseudonymizer
from pacte_attendance.domain.early_warning import WarningRules
from pacte_platform.audit import audit
from pacte_platform.commands import Caller
from pacte_platform.signing import CredentialSigner

SERVICE = "attendance"


@dataclass(frozen=True)
class Context:
    pool: asyncpg.Pool
    pseudonymizer: Pseudonymizer  # trainees: (holder organisation, trainee id)
    persons: Pseudonymizer  # the region's persons: person_ref, with its own secret (docs/privacy.md)
    signer: CredentialSigner
    warning_rules: WarningRules = field(default_factory=WarningRules)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn


def organisation_of(caller: Caller) -> str | None:
    """The declaring organisation (from its API key, never a body), or None for the back office."""
    return caller.subject if caller.role == "organisation" else None


async def record(conn: asyncpg.Connection, caller: Caller, *, action: str, entity: str, entity_id: str,
                 after: Any, before: Any = None) -> None:
    """The audit trail's row of an accepted command, in the command's transaction."""
    await audit(conn, actor=caller.subject, role=caller.role, action=action, entity=entity, entity_id=entity_id,
                before=to_jsonable_python(before), after=to_jsonable_python(after),
                correlation_id=caller.correlation_id)
