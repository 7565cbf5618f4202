from enum import StrEnum

class PostBatchResponse200ResultsItemStatus(StrEnum):
    ACCEPTED = "accepted"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
