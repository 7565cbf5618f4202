"""Erasure of a trainee: the pseudonym mapping is deleted, the pseudonymous history stays.

Afterwards nothing links the person to the history: the pseudonym was random, so even the
pseudonym secret cannot find it again, and the same trainee id would get a new pseudonym.
"""

from __future__ import annotations

from pacte_attendance.adapters import pseudonyms
from pacte_attendance.domain import ForgetTrainee
from pacte_platform.commands import Caller

from .context import Context, record


async def forget(ctx: Context, command: ForgetTrainee, caller: Caller) -> bool:
    """True when a mapping was deleted; forgetting twice changes nothing."""
    async with ctx.unit_of_work() as conn:
        deleted = await pseudonyms.forget(conn, ctx.pseudonymizer.lookup(command.organisation_id, command.trainee_id))
        # Neither the id nor the pseudonym: the audit row must not re-create the link.
        await record(conn, caller, action="trainee.forget", entity="organisation", entity_id=command.organisation_id,
                     after={"mappings_deleted": deleted})
    return deleted > 0
