"""Gifts as the API shows and takes them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from fancoins.accounts.schemas import iso
from fancoins.economy.rules import MESSAGE_CHARS_MAX, GiftSpec
from fancoins.gifts.service import SentGift
from fancoins.identity.schemas import CountryCode, UserId
from fancoins.kit.text import SINGLE_LINE_PATTERN

GiftId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
TargetId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
GiftName = Annotated[str, StringConstraints(min_length=1, max_length=64)]
# A gift's image: a path on this server (the bundled `gifts/<id>.svg`, an uploaded
# `/v1/gift-images/...`) or an https URL. No other scheme (javascript:, data:, http:).
Image = Annotated[str, StringConstraints(
    min_length=1, max_length=2048,
    pattern=r"^(https://[^\s\"'<>\\]+|/?[A-Za-z0-9_][A-Za-z0-9_./-]*)$")]
# The economy's own count_per_send_max is checked when the gift is decided; this is only a
# bound on what the API parses.
COUNT_PARSE_MAX = 10_000
COMMENT_CHARS_MAX = 500
# A LIVE gift's message: one line, no control characters; its tier bounds the length.
GiftMessage = Annotated[str, StringConstraints(min_length=1, max_length=MESSAGE_CHARS_MAX,
                                               pattern=SINGLE_LINE_PATTERN)]


class GiftOut(BaseModel):
    id: str
    name: str
    price_coins: int
    streakable: bool
    image: str
    active: bool
    countries: list[str] | None

    @classmethod
    def of(cls, spec: GiftSpec) -> GiftOut:
        return cls(id=spec.id, name=spec.name, price_coins=spec.price_coins,
                   streakable=spec.streakable, image=spec.image, active=spec.active,
                   countries=list(spec.countries) if spec.countries else None)


class GiftIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: GiftId
    name: GiftName
    price_coins: int = Field(ge=1, le=10**9)
    # Left out: streakable when the price is at most gifting.streakable_price_max_coins.
    streakable: bool | None = None
    image: Image
    active: bool = True
    countries: list[CountryCode] | None = Field(default=None, min_length=1, max_length=250)


class GiftPatch(BaseModel):
    """Only the fields sent change; `active: false` retires the gift."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: GiftName | None = None
    price_coins: int | None = Field(default=None, ge=1, le=10**9)
    streakable: bool | None = None
    image: Image | None = None
    active: bool | None = None
    countries: list[CountryCode] | None = Field(default=None, min_length=1, max_length=250)


class GiftSendIn(BaseModel):
    """A gift in a LIVE (`stream_id`) or on a video with a comment (`video_id` and
    `comment_text`). The Idempotency-Key header makes retries safe."""

    model_config = ConfigDict(extra="forbid", strict=True)

    gift_id: GiftId
    count: int = Field(default=1, ge=1, le=COUNT_PARSE_MAX)
    stream_id: TargetId | None = None
    video_id: TargetId | None = None
    comment_text: Annotated[str, StringConstraints(min_length=1, max_length=COMMENT_CHARS_MAX)] \
        | None = None
    message: GiftMessage | None = Field(
        default=None, description="A LIVE gift's message, shown with the gift (checked "
        "against blocked terms and the host's moderation before anything is charged). The "
        "gift's tier bounds its length: see the economy's gift_tiers.")
    # Only for an API key with gifts:write sending for a user; a user token sends as itself.
    sender_id: UserId | None = None

    @model_validator(mode="after")
    def _one_target(self) -> GiftSendIn:
        if (self.stream_id is None) == (self.video_id is None):
            raise ValueError("give exactly one of stream_id or video_id")
        if self.video_id is not None and self.comment_text is None:
            raise ValueError("a gift on a video comes with comment_text")
        if self.stream_id is not None and self.comment_text is not None:
            raise ValueError("comment_text goes with video_id, not stream_id")
        if self.video_id is not None and self.message is not None:
            raise ValueError("message goes with stream_id (a video gift has comment_text)")
        return self


# An item's key follows the Idempotency-Key header's rule (printable ASCII, no spaces).
BatchKey = Annotated[str, StringConstraints(min_length=1, max_length=200,
                                            pattern=r"^[\x21-\x7e]+$")]


class GiftBatchItemIn(GiftSendIn):
    """One gift of a batch: a `POST /v1/gifts/send` body with its own idempotency key."""

    idempotency_key: BatchKey


class GiftBatchIn(BaseModel):
    """Gifts sent in one request, each with its own key and its own answer (at most the
    `gifts.batch_items_max` setting)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    gifts: list[GiftBatchItemIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _keys_unique(self) -> GiftBatchIn:
        if len({g.idempotency_key for g in self.gifts}) != len(self.gifts):
            raise ValueError("each gift's idempotency_key must be unique within the batch")
        return self


class GiftSentOut(BaseModel):
    id: uuid.UUID
    gift_id: str
    count: int
    coins: int
    diamonds: int
    recipient_id: str
    stream_id: str | None
    video_id: str | None
    comment_id: str | None
    balance_coins: int  # the sender's coins right after this gift
    created_at: dt.datetime
    message: str | None = None

    @classmethod
    def of(cls, sent: SentGift) -> GiftSentOut:
        return cls(id=sent.id, gift_id=sent.gift_id, count=sent.count, coins=sent.coins,
                   diamonds=sent.diamonds, recipient_id=sent.recipient_id,
                   stream_id=sent.stream_id, video_id=sent.video_id, comment_id=sent.comment_id,
                   balance_coins=sent.balance_after_coins, created_at=iso(sent.created_at_ms),
                   message=sent.message)


class PingOut(BaseModel):
    ok: bool
    subject: str


class GiftBatchResultOut(BaseModel):
    """One gift's answer, as `POST /v1/gifts/send` would have given it: `status` 201 with
    `gift`, or the status of `problem` (an RFC 9457 body with its `type`). A 503 may have been
    sent: send the item again with the same key to learn its outcome."""

    idempotency_key: str
    status: int
    gift: GiftSentOut | None = None
    problem: dict[str, Any] | None = None
    replayed: bool = Field(default=False, description="the key's first answer, replayed")


class GiftBatchOut(BaseModel):
    results: list[GiftBatchResultOut] = Field(description="one per gift, in request order")
