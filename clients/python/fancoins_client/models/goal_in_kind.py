from enum import StrEnum


class GoalInKind(StrEnum):
    COINS = "coins"
    GIFT_COUNT = "gift_count"

    def __str__(self) -> str:
        return str(self.value)
