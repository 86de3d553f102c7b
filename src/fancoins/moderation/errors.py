"""Why a gift's message was refused, or could not be checked (nothing was charged)."""

from __future__ import annotations

from fancoins.kit.errors import InvalidRequest, Unavailable


class GiftMessageRefused(InvalidRequest):
    """The message contains a blocked term, or the host's moderation refused it. The gift
    was not queued: nothing was charged. Send it again without the message, or reworded."""

    slug = "gift-message-refused"
    title = "Message refused"


class ModerationUnavailable(Unavailable):
    """The host's moderation hook could not be asked in time and the hook fails closed: the
    gift was not queued (nothing was charged). Retry later with the same Idempotency-Key."""

    slug = "moderation-unavailable"
    title = "Message could not be checked"
