from enum import StrEnum


class BattleOutResultType0(StrEnum):
    DRAW = "draw"
    WIN = "win"

    def __str__(self) -> str:
        return str(self.value)
