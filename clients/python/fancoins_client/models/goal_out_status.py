from enum import StrEnum


class GoalOutStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    EXPIRED = "expired"
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)
