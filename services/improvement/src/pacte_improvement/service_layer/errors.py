"""Why a command is refused, independent of the transport that carried it."""

from __future__ import annotations

from pacte_contracts.codes import RejectionReason


class Refused(Exception):
    """A command refused with a stable reason code of SCENARIO.md; nothing was changed."""

    def __init__(self, command: str, reason: RejectionReason | str, detail: str = "") -> None:
        super().__init__(detail or str(reason))
        self.command = command
        self.reason = str(reason)
        self.detail = detail


class NotFound(Exception):
    """A read names something that does not exist."""
