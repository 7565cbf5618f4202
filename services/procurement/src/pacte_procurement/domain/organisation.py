"""The organisations registry: training organisations known to the buyer (id, name, SIRET)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pacte_contracts.codes import RejectionReason
from pacte_contracts.refusals import Rejection

from .commands import RegisterOrganisation

_SIRET_RE = re.compile(r"^\d{14}$")


@dataclass(frozen=True, slots=True)
class Organisation:
    organisation_id: str
    name: str
    siret: str | None = None


def decide_register_organisation(command: RegisterOrganisation, previous: Organisation | None
                                  ) -> Organisation | Rejection:
    """The registry entry after `command`; a SIRET, when given, is 14 digits (else ``invalid``).

    A SIRET left out keeps the one registered before.
    """
    if command.siret is not None and not _SIRET_RE.match(command.siret):
        return Rejection(RejectionReason.INVALID, "siret must be 14 digits")
    siret = command.siret or (previous.siret if previous else None)
    return Organisation(command.organisation_id, command.name, siret)


def organisations_to_register(
    holder: Organisation, members: tuple[str, ...], known: frozenset[str]
) -> list[Organisation]:
    """On an award: the holder always (its name may have changed), members only when unknown.

    A member named only by the award gets its id as name until the back-office registers it.
    """
    found = [holder]
    found.extend(Organisation(m, m) for m in members if m != holder.organisation_id and m not in known)
    return found
