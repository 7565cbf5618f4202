from enum import StrEnum

class ListMyDeclarationsKindType0(StrEnum):
    ATTENDANCE = "attendance"
    ENROLMENT = "enrolment"
    OPEN_DAY = "open_day"
    OUTCOME = "outcome"
    SATISFACTION = "satisfaction"
    TRAINER_HOURS = "trainer_hours"

    def __str__(self) -> str:
        return str(self.value)
