from enum import StrEnum


class AudienceInAgeBandsItem(StrEnum):
    VALUE_0 = "18-24"
    VALUE_1 = "25-34"
    VALUE_2 = "35-44"
    VALUE_3 = "45-54"
    VALUE_4 = "55+"

    def __str__(self) -> str:
        return str(self.value)
