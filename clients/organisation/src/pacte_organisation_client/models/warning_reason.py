from enum import StrEnum

class WarningReason(StrEnum):
    CONSECUTIVE_ABSENCES = "consecutive_absences"
    LOW_ATTENDANCE = "low_attendance"
    UNJUSTIFIED_ABSENCES = "unjustified_absences"

    def __str__(self) -> str:
        return str(self.value)
