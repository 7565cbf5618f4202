from enum import StrEnum

class WarningStatusOutOutcomeType0(StrEnum):
    COMPLETED = "completed"
    DROPPED_OUT = "dropped_out"

    def __str__(self) -> str:
        return str(self.value)
