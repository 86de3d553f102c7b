"""Streams and videos as the API shows and takes them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from fancoins.accounts.schemas import iso
from fancoins.identity.schemas import UserId
from fancoins.streams.service import Stream, Video

Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Caption = Annotated[str, StringConstraints(min_length=0, max_length=500)]


class StreamIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: Title
    # Only for an API key acting for a creator (streams:write); a user token starts its own.
    creator_id: UserId | None = None


class StreamOut(BaseModel):
    id: str
    creator_id: str
    title: str
    status: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    gifts_count: int | None = None  # gifts received in this LIVE
    diamonds: int | None = None  # diamonds earned in this LIVE
    viewers: int | None = None  # watching now (the LIVE list; None where not counted)
    # The most viewers watching at once, counted at the LIVE engine's viewer tick (null: a
    # stream from before it was recorded).
    peak_viewers: int | None = None

    @classmethod
    def of(cls, stream: Stream, totals: tuple[int, int] | None = None,
           viewers: int | None = None) -> StreamOut:
        return cls(
            id=stream.id, creator_id=stream.creator_id, title=stream.title, status=stream.status,
            started_at=iso(stream.started_at_ms),
            ended_at=iso(stream.ended_at_ms) if stream.ended_at_ms is not None else None,
            gifts_count=totals[0] if totals else None, diamonds=totals[1] if totals else None,
            viewers=viewers, peak_viewers=stream.peak_viewers,
        )


class StreamPage(BaseModel):
    items: list[StreamOut]
    next_cursor: str | None


class StreamGifterOut(BaseModel):
    user_id: str
    display_name: str
    coins: int  # coins this sender gave in the LIVE
    gifts: int  # gifts sent (a send of ×10 is one)


class StreamSummaryOut(StreamOut):
    """A LIVE as its creator looks back on it: how long, what it received, who gave most,
    the most viewers watching at once."""

    gifts_count: int
    diamonds: int
    coins: int  # coins viewers spent on gifts in this LIVE
    duration_s: int  # so far, for a LIVE still running
    top_gifters: list[StreamGifterOut]


class StreamSummaryPage(BaseModel):
    items: list[StreamSummaryOut]
    next_cursor: str | None


class VideoIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    caption: Caption = ""
    creator_id: UserId | None = None  # as for StreamIn


class VideoOut(BaseModel):
    id: str
    creator_id: str
    caption: str
    created_at: dt.datetime

    @classmethod
    def of(cls, video: Video) -> VideoOut:
        return cls(id=video.id, creator_id=video.creator_id, caption=video.caption,
                   created_at=iso(video.created_at_ms))


class VideoDetailOut(VideoOut):
    creator_name: str
    comments_count: int
    gifts_count: int  # gifts on the video's comments
    coins: int
    diamonds: int


class VideoPage(BaseModel):
    items: list[VideoOut]
    next_cursor: str | None


class CommentGiftOut(BaseModel):
    id: uuid.UUID  # the gift (its ledger transfer)
    gift_id: str
    count: int
    coins: int
    diamonds: int


class CommentOut(BaseModel):
    id: str
    author_id: str
    author_name: str
    text: str
    created_at: dt.datetime
    gift: CommentGiftOut | None  # the gift the comment came with


class CommentPage(BaseModel):
    items: list[CommentOut]
    next_cursor: str | None
