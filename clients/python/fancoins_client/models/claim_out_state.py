from enum import StrEnum


class ClaimOutState(StrEnum):
    APPLIED = "applied"
    PENDING = "pending"
    REVERSED = "reversed"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
