"""Streams, videos and comments. Services write on the caller's unit of work, never commit.

A stream that starts emits `StreamStarted`, one that ends `StreamEnded`, on the unit: whoever
ended it (the creator, an operator, the CLI), the event reaches real-time delivery and the
outbox after the commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.economy.age import AgeAction
from fancoins.economy.gift_batch import Target
from fancoins.economy.rules import EconomyConfig
from fancoins.economy_file import default_economy
from fancoins.identity.service import users
from fancoins.ids import new_id, now_ms
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.kit.errors import Conflict, Forbidden, NotFound
from fancoins.ledger import InvariantViolation
from fancoins.safety.eligibility import eligibility
from fancoins.streams import repository
from fancoins.streams.events import StreamEnded, StreamStarted
from fancoins.streams.repository import LIVE

START_SCOPE = "stream_start"
VIDEO_SCOPE = "video_create"


class StreamNotFound(NotFound):
    slug = "stream-not-found"
    title = "Stream not found"

    def __init__(self, stream_id: str) -> None:
        super().__init__(f"no stream {stream_id}")


class VideoNotFound(NotFound):
    slug = "video-not-found"
    title = "Video not found"

    def __init__(self, video_id: str) -> None:
        super().__init__(f"no video {video_id}")


class StreamNotLive(Conflict):
    slug = "stream-not-live"
    title = "Stream is not live"


class NotACreator(Forbidden):
    """Only creators go LIVE and post videos."""

    slug = "not-a-creator"
    title = "Not a creator"
    stored = True


class StreamAlreadyLive(Conflict):
    slug = "stream-already-live"
    title = "Already live"

    def __init__(self, stream_id: str) -> None:
        super().__init__(f"stream {stream_id} is live; end it first", stream_id=stream_id)
        self.stream_id = stream_id


class NotStreamOwner(StreamNotFound):
    """Another creator's stream: answered as not found, so ids are not disclosed."""


@dataclass(frozen=True, slots=True)
class Stream:
    """A LIVE, as repositories return it and the API reads it (`from_attributes`)."""

    id: str
    creator_id: str
    title: str
    status: str
    started_at_ms: int
    ended_at_ms: int | None
    # The most viewers watching at once (None: a stream from before it was recorded).
    peak_viewers: int | None = None

    @property
    def live(self) -> bool:
        return self.status == LIVE


@dataclass(frozen=True, slots=True)
class Video:
    id: str
    creator_id: str
    caption: str
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class NewComment:
    id: str
    video_id: str
    author_id: str
    text: str
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    video_id: str
    author_id: str
    text: str
    created_at_ms: int


def _stream(row: Any) -> Stream:
    return Stream(row.id, row.creator_id, row.title, row.status, row.started_at_ms,
                  row.ended_at_ms, row.peak_viewers)


def _video(row: Any) -> Video:
    return Video(row.id, row.creator_id, row.caption, row.created_at_ms)


def _scoped_key(owner_id: str, key: str) -> str:
    # Keys are per creator; hashed so owner id + key always fit the key column.
    return hashlib.sha256(f"{owner_id}\x00{key}".encode()).hexdigest()


class StreamService:
    async def start(
        self, uow: UnitOfWork, creator_id: str, title: str, idempotency_key: str,
        economy: EconomyConfig | None = None,
    ) -> Answer[Stream]:
        """Go LIVE, once per key. Raises `UserNotFound`, `NotACreator`, `AccountFrozen`
        (frozen or banned from gifting), `AgeRestricted` (too young to host where they live),
        `StreamAlreadyLive` (stored: a retry answers them again) or `IdempotencyKeyReused`."""
        async def run() -> Stream:
            stream = await self._start(await uow.connect(), creator_id, title,
                                       economy or default_economy())
            uow.emit(StreamStarted(stream.id, creator_id, title, stream.started_at_ms))
            return stream

        return await idempotent(uow, START_SCOPE, _scoped_key(creator_id, idempotency_key),
                                {"creator": creator_id, "title": title}, run, Stream)

    async def _start(self, connection: AsyncConnection, creator_id: str, title: str,
                     economy: EconomyConfig) -> Stream:
        creator = await users.get(connection, creator_id)
        if not creator.is_creator:
            raise NotACreator(creator_id)
        await eligibility.require(connection, creator_id, AgeAction.HOST, economy)
        live = await repository.live_stream_of(connection, creator_id)
        if live is not None:
            raise StreamAlreadyLive(live.id)
        stream = Stream(str(new_id()), creator_id, title, LIVE, now_ms(), None, 0)
        inserted = await repository.insert_stream(connection, {
            "id": stream.id, "creator_id": creator_id, "title": title, "status": LIVE,
            "started_at_ms": stream.started_at_ms, "ended_at_ms": None, "peak_viewers": 0,
        })
        if not inserted:  # another start won the race
            live = await repository.live_stream_of(connection, creator_id)
            if live is None:
                raise InvariantViolation(f"a stream of {creator_id} was refused, none is live")
            raise StreamAlreadyLive(live.id)
        return stream

    async def end(self, uow: UnitOfWork, stream_id: str, actor_user_id: str | None) -> Stream:
        """End a LIVE (its creator, or an operator when `actor_user_id` is None). Ending an
        ended stream changes nothing; the call that ended it emits `StreamEnded`."""
        connection = await uow.connect()
        stream = await self.get(connection, stream_id)
        if actor_user_id is not None and actor_user_id != stream.creator_id:
            raise NotStreamOwner(stream_id)
        if not await repository.end_stream(connection, stream_id, now_ms()):
            return stream
        ended = await self.get(connection, stream_id)
        uow.emit(StreamEnded(ended.id, ended.creator_id, ended.started_at_ms,
                             ended.ended_at_ms or ended.started_at_ms))
        return ended

    async def end_live_of(self, uow: UnitOfWork, creator_id: str) -> Stream | None:
        """End the creator's running LIVE, if any (they stopped being a creator): the same
        end, and the same `StreamEnded`, as when they end it themselves."""
        live = await repository.live_stream_of(await uow.connect(), creator_id)
        return None if live is None else await self.end(uow, live.id, None)

    async def end_if_ineligible(
        self, uow: UnitOfWork, creator_id: str, economy: EconomyConfig | None = None
    ) -> Stream | None:
        """End the creator's running LIVE if they may no longer host one: no longer a
        creator, too young where they now live, frozen or banned from gifting."""
        connection = await uow.connect()
        live = await repository.live_stream_of(connection, creator_id)
        if live is None:
            return None
        creator = await users.get(connection, creator_id)
        standing = await eligibility.standing(connection, creator, AgeAction.HOST,
                                              economy or default_economy())
        if creator.is_creator and standing.allowed:
            return None
        return await self.end(uow, live.id, None)

    async def live(
        self, connection: AsyncConnection, before: tuple[int, str] | None, limit: int
    ) -> list[Stream]:
        """Streams that are live now, newest first."""
        return [_stream(row) for row in await repository.live_streams(connection, before, limit)]

    async def of_creator(
        self, connection: AsyncConnection, creator_id: str, before: tuple[int, str] | None,
        limit: int,
    ) -> list[Stream]:
        """One creator's streams, live or ended, newest first."""
        rows = await repository.creator_streams(connection, creator_id, before, limit)
        return [_stream(row) for row in rows]

    async def live_of(self, connection: AsyncConnection, creator_id: str) -> Stream | None:
        """The creator's LIVE now, if any."""
        row = await repository.live_stream_of(connection, creator_id)
        return None if row is None else _stream(row)

    async def record_peak_viewers(self, connection: AsyncConnection,
                                  counts: Mapping[str, int]) -> None:
        """Raise each stream's peak viewers to its count now where the count is higher (a
        peak only grows, whichever process counted it)."""
        await repository.raise_peak_viewers(connection, counts)

    async def get(self, connection: AsyncConnection, stream_id: str) -> Stream:
        row = await repository.get_stream(connection, stream_id)
        if row is None:
            raise StreamNotFound(stream_id)
        return _stream(row)

    async def create_video(
        self, uow: UnitOfWork, creator_id: str, caption: str, idempotency_key: str
    ) -> Answer[Video]:
        """Post a video, once per key. Raises `UserNotFound`, `NotACreator` (stored) or
        `IdempotencyKeyReused`."""
        async def run() -> Video:
            return await self._create_video(await uow.connect(), creator_id, caption)

        return await idempotent(uow, VIDEO_SCOPE, _scoped_key(creator_id, idempotency_key),
                                {"creator": creator_id, "caption": caption}, run, Video)

    async def _create_video(
        self, connection: AsyncConnection, creator_id: str, caption: str
    ) -> Video:
        creator = await users.get(connection, creator_id)
        if not creator.is_creator:
            raise NotACreator(creator_id)
        video = Video(str(new_id()), creator_id, caption, now_ms())
        await repository.insert_video(connection, {
            "id": video.id, "creator_id": creator_id, "caption": caption,
            "created_at_ms": video.created_at_ms,
        })
        return video

    async def get_video(self, connection: AsyncConnection, video_id: str) -> Video:
        row = await repository.get_video(connection, video_id)
        if row is None:
            raise VideoNotFound(video_id)
        return _video(row)

    async def comments(self, connection: AsyncConnection, video_id: str,
                       before: tuple[int, str] | None, limit: int) -> list[Comment]:
        """A video's comments, newest first (raises `VideoNotFound`)."""
        await self.get_video(connection, video_id)
        rows = await repository.comments_page(connection, video_id, before, limit)
        return [Comment(r.id, r.video_id, r.author_id, r.text, r.created_at_ms) for r in rows]

    async def comments_count(self, connection: AsyncConnection, video_id: str) -> int:
        return await repository.comments_count(connection, video_id)

    async def videos(self, connection: AsyncConnection, creator_id: str | None,
                     before: tuple[int, str] | None, limit: int) -> list[Video]:
        """Videos newest first (one creator's, or everybody's)."""
        rows = await repository.videos_page(connection, creator_id, before, limit)
        return [_video(r) for r in rows]

    async def targets(
        self, connection: AsyncConnection, stream_ids: Collection[str],
        video_ids: Collection[str],
    ) -> tuple[dict[str, Target], dict[str, Target]]:
        """Streams and videos gifts are sent to, as the gift writer's batch decision needs them."""
        stream_rows = await repository.streams_by_id(connection, stream_ids)
        video_rows = await repository.videos_by_id(connection, video_ids)
        return (
            {r.id: Target(r.creator_id, r.status == LIVE) for r in stream_rows},
            {r.id: Target(r.creator_id, True) for r in video_rows},
        )

    async def record_comments(
        self, connection: AsyncConnection, new_comments: Sequence[NewComment]
    ) -> None:
        await repository.insert_comments(connection, [
            {"id": c.id, "video_id": c.video_id, "author_id": c.author_id, "text": c.text,
             "created_at_ms": c.created_at_ms}
            for c in new_comments
        ])


streams = StreamService()
