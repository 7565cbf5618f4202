from enum import StrEnum

class ActionType(StrEnum):
    CERTIFYING = "certifying"
    PREPARATORY = "preparatory"
    PROFESSIONALISING = "professionalising"

    def __str__(self) -> str:
        return str(self.value)
