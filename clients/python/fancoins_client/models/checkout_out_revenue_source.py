from enum import StrEnum


class CheckoutOutRevenueSource(StrEnum):
    GRANT = "grant"
    QUOTED = "quoted"
    STORE = "store"
    TEST = "test"

    def __str__(self) -> str:
        return str(self.value)
