from enum import StrEnum


class ClaimOutKind(StrEnum):
    DISPUTE = "dispute"
    REFUND = "refund"
    REVOCATION = "revocation"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)
