from enum import StrEnum


class CheckoutOutStatus(StrEnum):
    DECLINED = "declined"
    FULFILLED = "fulfilled"
    HELD = "held"
    OPEN = "open"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    REVERSED = "reversed"

    def __str__(self) -> str:
        return str(self.value)
