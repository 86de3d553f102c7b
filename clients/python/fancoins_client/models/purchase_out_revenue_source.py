from enum import StrEnum


class PurchaseOutRevenueSource(StrEnum):
    GRANT = "grant"
    QUOTED = "quoted"
    STORE = "store"
    TEST = "test"

    def __str__(self) -> str:
        return str(self.value)
