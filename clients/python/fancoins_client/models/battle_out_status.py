from enum import StrEnum


class BattleOutStatus(StrEnum):
    DECLINED = "declined"
    ENDED = "ended"
    EXPIRED = "expired"
    INVITED = "invited"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
