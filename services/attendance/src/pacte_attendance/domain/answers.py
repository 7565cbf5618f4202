"""The answer for one command of a request: its accepted fact (as the event published) or why not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pacte_contracts import attendance as contract
from pacte_contracts.refusals import Rejection


@dataclass(frozen=True, slots=True)
class Declared:
    """The answer for one command: the accepted fact (as its event) or the refusal."""

    command: str
    event: contract.SessionEvent | None = None
    replaced: bool = False
    rejection: Rejection | None = None
    #: Accepted details the event contract does not carry, echoed to the caller only.
    extra: Mapping[str, Any] | None = None

    @property
    def accepted(self) -> bool:
        return self.event is not None

    def fact(self) -> dict[str, Any]:
        """The event as the caller sees it: without the region's person pseudonym, which belongs to
        the buyer's pseudonymisation domain and is never handed to an organisation (docs/privacy.md)."""
        assert self.event is not None
        fact = self.event.model_dump(mode="json", exclude={"stay": {"person_key"}})
        return {"type": self.event.event_type(), **fact, **(self.extra or {})}

    def as_result(self) -> dict[str, Any]:
        if self.rejection is None:
            return {"status": "accepted", "replaced": self.replaced, "fact": self.fact()}
        return {"status": "refused", "reason": self.rejection.reason.value, "detail": self.rejection.detail}


def refused(name: str, rejection: Rejection) -> Declared:
    return Declared(name, rejection=rejection)
