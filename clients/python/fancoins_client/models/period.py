from enum import StrEnum


class Period(StrEnum):
    ALL = "all"
    TODAY = "today"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
