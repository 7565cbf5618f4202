"""Organisations' legal data as procurement registered it: the sellers of self-billed invoices."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from pacte_billing.domain.parties import Address, Party
from pacte_contracts.codes import VatStatus


@dataclass(frozen=True, slots=True)
class Registration:
    organisation_id: str
    name: str
    siret: str | None
    address: dict[str, str | None] | None
    vat_status: str | None
    vat_number: str | None
    registered_at: datetime


async def record_registrations(conn: asyncpg.Connection, registrations: Sequence[Registration]) -> None:
    """The newest registration of each organisation wins, whatever the delivery order."""
    newest: dict[str, Registration] = {}
    for r in registrations:
        if r.organisation_id not in newest or newest[r.organisation_id].registered_at <= r.registered_at:
            newest[r.organisation_id] = r
    if not newest:
        return
    rows = list(newest.values())
    await conn.execute(
        """INSERT INTO organisations AS o (organisation_id, name, siret, address, vat_status, vat_number, registered_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[],
                                $7::timestamptz[])
           ON CONFLICT (organisation_id) DO UPDATE
             SET name = EXCLUDED.name, siret = EXCLUDED.siret, address = EXCLUDED.address,
                 vat_status = EXCLUDED.vat_status, vat_number = EXCLUDED.vat_number,
                 registered_at = EXCLUDED.registered_at
             WHERE o.registered_at <= EXCLUDED.registered_at""",
        [r.organisation_id for r in rows], [r.name for r in rows], [r.siret for r in rows],
        [None if r.address is None else json.dumps(r.address) for r in rows], [r.vat_status for r in rows],
        [r.vat_number for r in rows], [r.registered_at for r in rows],
    )


async def party(conn: asyncpg.Connection, organisation_id: str) -> Party | None:
    row = await conn.fetchrow("SELECT * FROM organisations WHERE organisation_id = $1", organisation_id)
    if row is None:
        return None
    raw = row["address"]
    a = json.loads(raw) if isinstance(raw, str) else raw
    address = None if a is None else Address(a["line_one"], a.get("line_two"), a["postcode"], a["city"],
                                             a.get("country_code") or "FR")
    return Party(row["name"], row["siret"] or "", address,
                 VatStatus(row["vat_status"]) if row["vat_status"] else None, row["vat_number"])
