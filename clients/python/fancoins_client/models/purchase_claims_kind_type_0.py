from enum import StrEnum


class PurchaseClaimsKindType0(StrEnum):
    DISPUTE = "dispute"
    REFUND = "refund"
    REVOCATION = "revocation"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)
