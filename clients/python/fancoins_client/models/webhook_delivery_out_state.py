from enum import StrEnum


class WebhookDeliveryOutState(StrEnum):
    DEAD = "dead"
    DELIVERED = "delivered"
    PAUSED = "paused"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
