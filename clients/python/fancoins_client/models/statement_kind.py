from enum import StrEnum


class StatementKind(StrEnum):
    EXPIRED = "expired"
    GIFT_RECEIVED = "gift_received"
    GIFT_SENT = "gift_sent"
    OPERATOR_GRANT = "operator_grant"
    OPERATOR_REMOVAL = "operator_removal"
    PROMOTION = "promotion"
    PURCHASE = "purchase"
    REFUND_CLAWBACK = "refund_clawback"
    WITHDRAWAL = "withdrawal"

    def __str__(self) -> str:
        return str(self.value)
