from enum import StrEnum

class WarningStatusOutStatus(StrEnum):
    CLEARED = "cleared"
    CLOSED = "closed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
