"""Organisations' legal data, read from procurement's registry events: who self-billed invoices name."""

from __future__ import annotations

import asyncpg

from pacte_billing.adapters.parties import Registration, record_registrations
from pacte_contracts.procurement import OrganisationRegistered
from pacte_platform.consumer import Consumed, Emitter


async def on_organisation_registered(conn: asyncpg.Connection, consumed: list[Consumed], _: Emitter) -> None:
    """Each event is the whole entry as it stands; the newest (by when it was registered) is kept."""
    await record_registrations(conn, [
        Registration(e.organisation_id, e.name, e.siret, None if e.address is None else e.address.model_dump(),
                     e.vat_status, e.vat_number, c.envelope.occurred_at)
        for c in consumed if isinstance(e := c.event, OrganisationRegistered)])
