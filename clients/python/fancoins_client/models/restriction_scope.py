from enum import StrEnum


class RestrictionScope(StrEnum):
    ALL = "all"
    BUYING = "buying"
    GIFTING = "gifting"
    PAYOUTS = "payouts"
    PROMOTIONS = "promotions"

    def __str__(self) -> str:
        return str(self.value)
