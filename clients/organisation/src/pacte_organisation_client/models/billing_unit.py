from enum import StrEnum

class BillingUnit(StrEnum):
    OPENING_DAY = "opening_day"
    TRAINEE_HOUR = "trainee_hour"
    TRAINER_HOUR = "trainer_hour"

    def __str__(self) -> str:
        return str(self.value)
