from enum import StrEnum


class PromotionInObjective(StrEnum):
    FOLLOWERS = "followers"
    PROFILE_VISITS = "profile_visits"
    VIEWS = "views"

    def __str__(self) -> str:
        return str(self.value)
