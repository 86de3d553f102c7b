from enum import StrEnum


class HoldOutDecisionType0(StrEnum):
    DECLINED = "declined"
    REFUNDED = "refunded"
    RELEASED = "released"

    def __str__(self) -> str:
        return str(self.value)
