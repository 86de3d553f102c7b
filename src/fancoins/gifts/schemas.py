"""Gifts as the API shows and takes them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from fancoins.accounts.schemas import iso
from fancoins.economy.rules import GiftSpec
from fancoins.gifts.service import SentGift
from fancoins.identity.schemas import CountryCode, UserId

GiftId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
TargetId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
GiftName = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Image = Annotated[str, StringConstraints(min_length=1, max_length=2048)]
# The economy's own count_per_send_max is checked when the gift is decided; this is only a
# bound on what the API parses.
COUNT_PARSE_MAX = 10_000
COMMENT_CHARS_MAX = 500


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

    @classmethod
    def of(cls, sent: SentGift) -> GiftSentOut:
        return cls(id=sent.id, gift_id=sent.gift_id, count=sent.count, coins=sent.coins,
                   diamonds=sent.diamonds, recipient_id=sent.recipient_id,
                   stream_id=sent.stream_id, video_id=sent.video_id, comment_id=sent.comment_id,
                   balance_coins=sent.balance_after_coins, created_at=iso(sent.created_at_ms))


class PingOut(BaseModel):
    ok: bool
    subject: str
