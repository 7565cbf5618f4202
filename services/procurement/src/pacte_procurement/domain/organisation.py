"""The organisations registry: training organisations known to the buyer, with the legal data their
self-billed invoices name them with (SIRET, address, VAT standing)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pacte_contracts.codes import RejectionReason, VatStatus
from pacte_contracts.refusals import Rejection
from pacte_contracts.rules import siret_is_valid, vat_number_is_valid

from .commands import RegisterOrganisation

_POSTCODE_RE = re.compile(r"^[0-9]{5}$")


@dataclass(frozen=True, slots=True)
class PostalAddress:
    line_one: str
    line_two: str | None
    postcode: str
    city: str
    country_code: str = "FR"


@dataclass(frozen=True, slots=True)
class Organisation:
    organisation_id: str
    name: str
    siret: str | None = None
    address: PostalAddress | None = None
    vat_status: VatStatus | None = None
    vat_number: str | None = None


def _invalid(detail: str) -> Rejection:
    return Rejection(RejectionReason.INVALID, detail)


def _legal_data_fault(c: RegisterOrganisation, siret: str | None) -> Rejection | None:
    if c.siret is not None and not siret_is_valid(c.siret):
        return _invalid("siret must be 14 digits with a valid Luhn key")
    if c.address is not None and not _POSTCODE_RE.match(c.address.postcode):
        return _invalid("address.postcode must be 5 digits")
    if c.vat_status is not None and c.vat_status not in VatStatus.__members__.values():
        return _invalid(f"unknown vat_status {c.vat_status!r}")
    if c.vat_number is not None:
        if not vat_number_is_valid(c.vat_number):
            return _invalid("vat_number must be FR, its 2-digit key and the SIREN")
        if siret is None or c.vat_number[4:] != siret[:9]:
            return _invalid("vat_number must carry the SIREN of the organisation's SIRET")
    return None


def decide_register_organisation(command: RegisterOrganisation, previous: Organisation | None
                                  ) -> Organisation | Rejection:
    """The registry entry after `command`. What it leaves out (SIRET, address, VAT) keeps what was
    registered before; a registered (assujettie) organisation has a VAT number."""
    siret = command.siret or (previous.siret if previous else None)
    fault = _legal_data_fault(command, siret)
    if fault is not None:
        return fault
    address = previous.address if previous else None
    if command.address is not None:
        a = command.address
        address = PostalAddress(a.line_one, a.line_two, a.postcode, a.city)
    vat_status = VatStatus(command.vat_status) if command.vat_status else (previous.vat_status if previous else None)
    vat_number = command.vat_number or (previous.vat_number if previous else None)
    if vat_status is VatStatus.REGISTERED and vat_number is None:
        return _invalid("a registered (assujettie) organisation needs its vat_number")
    if vat_status is not VatStatus.REGISTERED and command.vat_status is not None:
        vat_number = command.vat_number  # no longer registered: its former number is not printed any more
    return Organisation(command.organisation_id, command.name, siret, address, vat_status, vat_number)


def organisations_to_register(
    holder: Organisation, members: tuple[str, ...], known: frozenset[str]
) -> list[Organisation]:
    """On an award: the holder always (its name may have changed), members only when unknown.

    A member named only by the award gets its id as name until the back-office registers it.
    """
    found = [holder]
    found.extend(Organisation(m, m) for m in members if m != holder.organisation_id and m not in known)
    return found
