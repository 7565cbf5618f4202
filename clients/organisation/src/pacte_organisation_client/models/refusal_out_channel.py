from enum import StrEnum

class RefusalOutChannel(StrEnum):
    BATCH = "batch"
    RECORD = "record"
    SHEET = "sheet"

    def __str__(self) -> str:
        return str(self.value)
