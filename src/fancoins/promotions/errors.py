"""Promotions' problem types; the promoter's age, frozen, restricted and coins refusals are
the shared ones (`fancoins.safety.errors`)."""

from __future__ import annotations

from fancoins.kit.errors import Conflict, FancoinsError, NotFound


class PromotionNotFound(NotFound):
    slug = "promotion-not-found"
    title = "Promotion not found"


class PromotionClosed(Conflict):
    """The promotion has ended, was canceled or has spent its budget."""

    slug = "promotion-closed"
    title = "Promotion closed"

    def __init__(self, status: str) -> None:
        super().__init__(f"the promotion is {status}", promotion_status=status)
        self.promotion_status = status


class PromotionInvalid(FancoinsError):
    """A request the economy's promotion rules refuse (`field` names the value)."""

    status = 422
    slug = "promotion-invalid"
    title = "Invalid promotion"
    stored = False

    def __init__(self, detail: str, field: str) -> None:
        super().__init__(detail, field=field)
        self.field = field
