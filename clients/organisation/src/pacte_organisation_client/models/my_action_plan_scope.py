from enum import StrEnum

class MyActionPlanScope(StrEnum):
    LOT = "lot"
    ORGANISATION = "organisation"

    def __str__(self) -> str:
        return str(self.value)
