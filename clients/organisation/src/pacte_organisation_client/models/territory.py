from enum import StrEnum

class Territory(StrEnum):
    VALUE_0 = "01"
    VALUE_1 = "03"
    VALUE_10 = "73"
    VALUE_11 = "74"
    VALUE_2 = "07"
    VALUE_3 = "15"
    VALUE_4 = "26"
    VALUE_5 = "38"
    VALUE_6 = "42"
    VALUE_7 = "43"
    VALUE_8 = "63"
    VALUE_9 = "69"

    def __str__(self) -> str:
        return str(self.value)
