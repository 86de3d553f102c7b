"""Streams, videos and comments. Services flush; the caller's unit of work commits.

Stream ends are observable by real-time delivery: after the commit, the caller publishes the
`StreamEnded` that `end` returns to the app's `StreamFeed` (`fancoins.realtime.events`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.economy.gift_batch import Target
from fancoins.identity.service import users
from fancoins.ids import new_id, now_ms
from fancoins.journal import idempotency
from fancoins.ledger import InvariantViolation
from fancoins.realtime.events import StreamEnded
from fancoins.streams import repository
from fancoins.streams.repository import LIVE

START_SCOPE = "stream_start"
VIDEO_SCOPE = "video_create"


class StreamNotFound(Exception):
    pass


class VideoNotFound(Exception):
    pass


class NotACreator(Exception):
    """Only creators go LIVE and post videos."""


class StreamAlreadyLive(Exception):
    def __init__(self, stream_id: str) -> None:
        super().__init__(f"stream {stream_id} is already live")
        self.stream_id = stream_id


class NotStreamOwner(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Stream:
    id: str
    creator_id: str
    title: str
    status: str
    started_at_ms: int
    ended_at_ms: int | None

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


def _stream(row: Any) -> Stream:
    return Stream(row.id, row.creator_id, row.title, row.status, row.started_at_ms,
                  row.ended_at_ms)


def _video(row: Any) -> Video:
    return Video(row.id, row.creator_id, row.caption, row.created_at_ms)


def _scoped_key(owner_id: str, key: str) -> str:
    # Keys are per creator; hashed so owner id + key always fit the key column.
    return hashlib.sha256(f"{owner_id}\x00{key}".encode()).hexdigest()


class StreamService:
    async def start(
        self, connection: AsyncConnection, creator_id: str, title: str, idempotency_key: str
    ) -> Stream:
        """Go LIVE. Raises `UserNotFound`, `NotACreator`, `StreamAlreadyLive` or
        `IdempotencyConflict`; a replay returns the stream the key started."""
        key = _scoped_key(creator_id, idempotency_key)
        digest = idempotency.request_hash({"creator": creator_id, "title": title})
        replay = await idempotency.claim(connection, START_SCOPE, key, digest)
        if replay is not None:
            return await self.get(connection, str(replay.response["stream_id"]))
        creator = await users.get(connection, creator_id)
        if not creator.is_creator:
            raise NotACreator(creator_id)
        live = await repository.live_stream_of(connection, creator_id)
        if live is not None:
            raise StreamAlreadyLive(live.id)
        stream = Stream(str(new_id()), creator_id, title, LIVE, now_ms(), None)
        inserted = await repository.insert_stream(connection, {
            "id": stream.id, "creator_id": creator_id, "title": title, "status": LIVE,
            "started_at_ms": stream.started_at_ms, "ended_at_ms": None,
        })
        if not inserted:  # another start won the race
            live = await repository.live_stream_of(connection, creator_id)
            if live is None:
                raise InvariantViolation(f"a stream of {creator_id} was refused, none is live")
            raise StreamAlreadyLive(live.id)
        await idempotency.complete(connection, START_SCOPE, key, {"stream_id": stream.id})
        return stream

    async def end(
        self, connection: AsyncConnection, stream_id: str, actor_user_id: str | None
    ) -> tuple[Stream, StreamEnded | None]:
        """End a LIVE (its creator, or an operator when `actor_user_id` is None). Ending an
        ended stream changes nothing; the event is returned only by the call that ended it,
        for the caller to publish after its commit."""
        stream = await self.get(connection, stream_id)
        if actor_user_id is not None and actor_user_id != stream.creator_id:
            raise NotStreamOwner(stream_id)
        if not await repository.end_stream(connection, stream_id, now_ms()):
            return stream, None
        ended = await self.get(connection, stream_id)
        event = StreamEnded(ended.id, ended.creator_id, ended.started_at_ms,
                            ended.ended_at_ms or ended.started_at_ms)
        return ended, event

    async def live(
        self, connection: AsyncConnection, before: tuple[int, str] | None, limit: int
    ) -> list[Stream]:
        """Streams that are live now, newest first."""
        return [_stream(row) for row in await repository.live_streams(connection, before, limit)]

    async def get(self, connection: AsyncConnection, stream_id: str) -> Stream:
        row = await repository.get_stream(connection, stream_id)
        if row is None:
            raise StreamNotFound(stream_id)
        return _stream(row)

    async def create_video(
        self, connection: AsyncConnection, creator_id: str, caption: str, idempotency_key: str
    ) -> Video:
        key = _scoped_key(creator_id, idempotency_key)
        digest = idempotency.request_hash({"creator": creator_id, "caption": caption})
        replay = await idempotency.claim(connection, VIDEO_SCOPE, key, digest)
        if replay is not None:
            return await self.get_video(connection, str(replay.response["video_id"]))
        creator = await users.get(connection, creator_id)
        if not creator.is_creator:
            raise NotACreator(creator_id)
        video = Video(str(new_id()), creator_id, caption, now_ms())
        await repository.insert_video(connection, {
            "id": video.id, "creator_id": creator_id, "caption": caption,
            "created_at_ms": video.created_at_ms,
        })
        await idempotency.complete(connection, VIDEO_SCOPE, key, {"video_id": video.id})
        return video

    async def get_video(self, connection: AsyncConnection, video_id: str) -> Video:
        row = await repository.get_video(connection, video_id)
        if row is None:
            raise VideoNotFound(video_id)
        return _video(row)

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
