"""The organisations registry: training organisations known to the buyer (id, name, SIRET)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pacte_contracts.codes import RejectionReason
from pacte_contracts.wire import Malformed, field, req_str

from .model import Rejection

_SIRET_RE = re.compile(r"^\d{14}$")


@dataclass(frozen=True, slots=True)
class Organisation:
    organisation_id: str
    name: str
    siret: str | None = None


def parse_organisation(payload: Mapping[str, Any]) -> Organisation | Rejection:
    """Structural checks first; a SIRET, when given, is 14 digits (else ``invalid``)."""
    try:
        organisation_id = req_str(payload, "organisation_id")
        name = req_str(payload, "name")
        siret = field(payload, "siret") if "siret" in payload else None
        if siret is not None and not isinstance(siret, str):
            raise Malformed("'siret' must be a string or null")
    except Malformed as exc:
        return Rejection(RejectionReason.INVALID, str(exc))
    if siret is not None and not _SIRET_RE.match(siret):
        return Rejection(RejectionReason.INVALID, "siret must be 14 digits")
    return Organisation(organisation_id, name, siret)


def organisations_to_register(
    holder: Organisation, members: tuple[str, ...], known: frozenset[str]
) -> list[Organisation]:
    """On an award: the holder always (its name may have changed), members only when unknown.

    A member named only by the award gets its id as name until the back-office registers it.
    """
    found = [holder]
    found.extend(Organisation(m, m) for m in members if m != holder.organisation_id and m not in known)
    return found
