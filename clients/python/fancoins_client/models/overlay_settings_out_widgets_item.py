from enum import StrEnum


class OverlaySettingsOutWidgetsItem(StrEnum):
    ALERTS = "alerts"
    BATTLE = "battle"
    BOARD = "board"
    GOAL = "goal"

    def __str__(self) -> str:
        return str(self.value)
