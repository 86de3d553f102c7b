from enum import StrEnum


class PurchaseClaimsStateType0(StrEnum):
    APPLIED = "applied"
    PENDING = "pending"
    REVERSED = "reversed"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
