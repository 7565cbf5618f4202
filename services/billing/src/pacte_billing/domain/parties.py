"""The parties of a self-billed invoice: the organisation (seller) and the public buyer."""

from __future__ import annotations

from dataclasses import dataclass

from pacte_contracts.codes import VatStatus


@dataclass(frozen=True, slots=True)
class Address:
    line_one: str
    line_two: str | None
    postcode: str
    city: str
    country_code: str = "FR"


@dataclass(frozen=True, slots=True)
class Party:
    """A legal person as an invoice names it: name, SIRET (its first 9 digits are the SIREN), address and
    VAT standing."""

    name: str
    siret: str
    address: Address | None
    vat_status: VatStatus | None = None
    vat_number: str | None = None

    @property
    def siren(self) -> str:
        return self.siret[:9]


def missing_legal_data(organisation_id: str, party: Party | None) -> str | None:
    """Why an organisation cannot be named on an invoice yet (None: it can). A document is kept once
    generated, so it waits for the SIRET rather than being issued without one."""
    if party is None:
        return f"organisation {organisation_id} is not known to billing yet"
    if not party.siret:
        return f"organisation {organisation_id} has no SIRET registered"
    return None
