from enum import StrEnum


class HoldOutRule(StrEnum):
    AMOUNT = "amount"
    COINS = "coins"
    PURCHASES = "purchases"

    def __str__(self) -> str:
        return str(self.value)
