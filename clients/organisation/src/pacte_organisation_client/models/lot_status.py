from enum import StrEnum

class LotStatus(StrEnum):
    AWARDED = "awarded"
    OPEN = "open"
    UNSUCCESSFUL = "unsuccessful"

    def __str__(self) -> str:
        return str(self.value)
