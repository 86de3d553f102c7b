"""Why a gift was not sent (or not confirmed), each with its one problem type.

Refusals about the sender reuse the shared ones (`fancoins.safety.errors`): a frozen account,
a minor, a restricted balance, a spending limit and too few coins mean the same when buying,
promoting or gifting. `stored` says whether a refusal is the Idempotency-Key's answer for good
(decided from the state of the books) or a retry is decided afresh (bad input, not found).
"""

from __future__ import annotations

from fancoins.economy.gift_batch import GiftRefusal
from fancoins.kit.errors import Conflict, FancoinsError, InvalidRequest, NotFound, Unavailable
from fancoins.safety.errors import (
    AccountFrozen,
    AccountRestricted,
    AgeRestricted,
    InsufficientCoins,
    SpendingLimitExceeded,
)
from fancoins.streams.service import StreamNotFound, StreamNotLive, VideoNotFound


class GiftCountInvalid(InvalidRequest):
    slug = "gift-count-invalid"
    title = "Gift count out of range"


class GiftBatchTooLarge(InvalidRequest):
    slug = "gift-batch-too-large"
    title = "Too many gifts in one batch"


class GiftNotFound(NotFound):
    slug = "gift-not-found"
    title = "Gift not found"


class GiftInactive(Conflict):
    slug = "gift-inactive"
    title = "Gift retired"


class GiftNotOffered(Conflict):
    slug = "gift-not-offered"
    title = "Gift not offered in your country"


class GiftExists(Conflict):
    slug = "gift-exists"
    title = "Gift id taken"
    stored = False


class GiftInvalid(InvalidRequest):
    slug = "gift-invalid"
    title = "Invalid gift"


class GiftMessageTooLong(InvalidRequest):
    """The message is longer than the gift's tier allows (bigger gifts allow longer ones)."""

    slug = "gift-message-too-long"
    title = "Message too long for this gift"


class SenderNotFound(NotFound):
    slug = "sender-not-found"
    title = "Sender not found"


class RecipientNotFound(NotFound):
    slug = "recipient-not-found"
    title = "Recipient not found"


class SelfGift(InvalidRequest):
    slug = "self-gift"
    title = "Gifting yourself is not allowed"


class RecipientFrozen(Conflict):
    slug = "recipient-frozen"
    title = "The creator cannot receive gifts"


class RecipientUnderage(Conflict):
    slug = "recipient-underage"
    title = "Receiving gifts needs age 18+"


class RecipientNotCreator(Conflict):
    """The recipient is no longer a creator: their LIVE and videos take no more gifts."""

    slug = "recipient-not-creator"
    title = "The recipient cannot receive gifts"


class GiftWriterUnavailable(Unavailable):
    slug = "gift-writer-unavailable"
    title = "Gifts unavailable"


class GiftQueueFull(Unavailable):
    """Nothing was queued: a retry with the same key is decided afresh."""

    slug = "gift-queue-full"
    title = "Too many gifts right now"


class GiftCommitTimeout(Unavailable):
    """The gift's batch did not commit within the timeout: it may still commit."""

    slug = "gift-commit-timeout"
    title = "Gift not confirmed in time"


class GiftOutcomeUnknown(Unavailable):
    """The gift's batch sent its commit and got no answer (the connection was lost): it may
    have committed or not. Only a retry with the same key can tell."""

    slug = "gift-outcome-unknown"
    title = "Gift outcome unknown"


class GiftWriteFailed(Unavailable):
    """The gift's batch was rolled back: nothing of it was written."""

    slug = "gift-write-failed"
    title = "Gift not sent"


REFUSALS: dict[GiftRefusal, type[FancoinsError]] = {
    GiftRefusal.COUNT_INVALID: GiftCountInvalid,
    GiftRefusal.GIFT_NOT_FOUND: GiftNotFound,
    GiftRefusal.GIFT_INACTIVE: GiftInactive,
    GiftRefusal.MESSAGE_TOO_LONG: GiftMessageTooLong,
    GiftRefusal.SENDER_NOT_FOUND: SenderNotFound,
    GiftRefusal.STREAM_NOT_FOUND: StreamNotFound,
    GiftRefusal.VIDEO_NOT_FOUND: VideoNotFound,
    GiftRefusal.STREAM_NOT_LIVE: StreamNotLive,
    GiftRefusal.RECIPIENT_NOT_FOUND: RecipientNotFound,
    GiftRefusal.RECIPIENT_NOT_CREATOR: RecipientNotCreator,
    GiftRefusal.SELF_GIFT: SelfGift,
    GiftRefusal.SENDER_FROZEN: AccountFrozen,
    GiftRefusal.RECIPIENT_FROZEN: RecipientFrozen,
    GiftRefusal.SENDER_UNDERAGE: AgeRestricted,
    GiftRefusal.RECIPIENT_UNDERAGE: RecipientUnderage,
    GiftRefusal.GIFT_NOT_OFFERED: GiftNotOffered,
    GiftRefusal.SENDER_RESTRICTED: AccountRestricted,
    GiftRefusal.SPEND_LIMIT_EXCEEDED: SpendingLimitExceeded,
    GiftRefusal.INSUFFICIENT_COINS: InsufficientCoins,
}


def refusal_error(refusal: GiftRefusal, target_id: str, window: str | None = None,
                  left_coins: int | None = None) -> FancoinsError:
    """The problem a refused gift (to the stream or video `target_id`) is answered with."""
    if refusal is GiftRefusal.SPEND_LIMIT_EXCEEDED:
        return SpendingLimitExceeded(
            f"the {window} limit would be passed; {left_coins} coins left in it",
            window=window, left_coins=left_coins)
    if refusal is GiftRefusal.STREAM_NOT_FOUND:
        return StreamNotFound(target_id)
    if refusal is GiftRefusal.VIDEO_NOT_FOUND:
        return VideoNotFound(target_id)
    return REFUSALS[refusal](refusal.value)
