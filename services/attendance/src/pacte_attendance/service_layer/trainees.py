"""Erasure of a trainee: the pseudonym mapping is deleted, the pseudonymous history stays.

Afterwards nothing links the person to the history: the pseudonym was random, so even the
pseudonym secret cannot find it again, and the same trainee id would get a new pseudonym.
"""

from __future__ import annotations

import asyncpg

from pacte_attendance.adapters import pseudonyms
from pacte_attendance.adapters.pseudonyms import Pseudonymizer


async def forget(conn: asyncpg.Connection, pseudonymizer: Pseudonymizer, organisation_id: str,
                 trainee_id: str) -> int:
    return await pseudonyms.forget(conn, pseudonymizer.lookup(organisation_id, trainee_id))
