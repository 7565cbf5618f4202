"""Erasure of a person: the regional pseudonym's mapping is deleted, the pseudonymous pathways stay.

The same guarantee as a trainee's erasure (`trainees.forget`): the regional pseudonym was random,
so once the row is gone neither the person secret nor the person_ref finds it again, and the same
person_ref enrolled later gets a new regional pseudonym, unlinked to the old pathway.
"""

from __future__ import annotations

from pacte_attendance.adapters import persons
from pacte_attendance.domain import ForgetPerson
from pacte_platform.commands import Caller

from .context import Context, record


async def forget(ctx: Context, command: ForgetPerson, caller: Caller) -> bool:
    """True when a mapping was deleted; forgetting twice changes nothing."""
    async with ctx.unit_of_work() as conn:
        deleted = await persons.forget(conn, ctx.persons.lookup(command.person_ref))
        # Neither the person_ref nor the pseudonym: the audit row must not re-create the link.
        await record(conn, caller, action="person.forget", entity="person", entity_id="-",
                     after={"mappings_deleted": deleted})
    return deleted > 0
