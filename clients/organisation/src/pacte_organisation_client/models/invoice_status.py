from enum import StrEnum

class InvoiceStatus(StrEnum):
    APPROVED = "approved"
    DISPUTED = "disputed"
    ISSUED = "issued"
    PAID = "paid"

    def __str__(self) -> str:
        return str(self.value)
