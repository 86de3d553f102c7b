from enum import StrEnum


class BattleOutWinnerSideType0(StrEnum):
    A = "a"
    B = "b"

    def __str__(self) -> str:
        return str(self.value)
