from enum import StrEnum

class Axis(StrEnum):
    ESSENTIALS = "essentials"
    QUALIFYING = "qualifying"
    TRANSVERSE = "transverse"

    def __str__(self) -> str:
        return str(self.value)
