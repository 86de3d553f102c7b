"""Identity's problem types: users, API keys, and the reason every audited action needs."""

from __future__ import annotations

from fancoins.kit.errors import Conflict, InvalidRequest, NotFound


class UserNotFound(NotFound):
    slug = "user-not-found"
    title = "User not found"

    def __init__(self, user_id: str) -> None:
        super().__init__(f"no user {user_id!r}", user_id=user_id)
        self.user_id = user_id


class ReasonRequired(InvalidRequest):
    """An audited action (an adjustment, a freeze, a review) names its reason."""

    slug = "reason-required"
    title = "Reason required"


class ApiKeyNotFound(NotFound):
    slug = "api-key-not-found"
    title = "API key not found"

    def __init__(self, ref: str) -> None:
        super().__init__(f"no API key {ref!r}")


class ApiKeyRevoked(Conflict):
    """A revoked key stays revoked: it cannot be rotated back to life."""

    slug = "api-key-revoked"
    title = "API key revoked"


class SearchTextInvalid(InvalidRequest):
    """What to search for is printable text of a bounded length."""

    slug = "search-text-invalid"
    title = "Invalid search text"
