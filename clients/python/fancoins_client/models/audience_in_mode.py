from enum import StrEnum


class AudienceInMode(StrEnum):
    AUTOMATIC = "automatic"
    CUSTOM = "custom"

    def __str__(self) -> str:
        return str(self.value)
