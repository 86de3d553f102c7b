"""Fan-out across API processes through Redis pub/sub (`FANCOINS_REDIS_URL`).

Every process subscribes to one pattern (`<prefix>s:*`) and delivers what arrives to its own
viewers, including the frames it published itself, so every viewer sees frames in the order
Redis relayed them. Viewer counts live in one Redis hash per stream (a field per process); a
process's fields count only while its heartbeat key lives, so a crashed process's viewers
stop counting after `presence_ttl_s`.

Redis is best effort for events: if it is down, events are lost (logged) and the gift path is
never affected; boards and totals are always re-read from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Mapping
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from fancoins.realtime.hub import Rooms
from fancoins.realtime.protocol import Frame

log = structlog.get_logger(__name__)

_FRAME = b"F"
_FINAL = b"E"  # the last frame for a stream: viewers are closed after it


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisHub:
    def __init__(self, url: str, prefix: str, presence_ttl_s: int, timeout_s: float) -> None:
        self.rooms = Rooms()
        self._redis = Redis.from_url(url, socket_timeout=timeout_s,
                                     socket_connect_timeout=timeout_s)
        self._prefix = prefix
        self._ttl_s = presence_ttl_s
        self._timeout_s = timeout_s
        self.process_id = uuid.uuid4().hex
        self._tasks: list[asyncio.Task[None]] = []
        self._subscribed = asyncio.Event()

    def _channel(self, stream_id: str) -> str:
        return f"{self._prefix}s:{stream_id}"

    def _viewers_key(self, stream_id: str) -> str:
        return f"{self._prefix}v:{stream_id}"

    def _alive_key(self, process_id: str) -> str:
        return f"{self._prefix}p:{process_id}"

    async def start(self) -> None:
        await self._heartbeat_once()
        self._tasks = [asyncio.create_task(self._listen(), name="redis-hub-listen"),
                       asyncio.create_task(self._heartbeat(), name="redis-hub-heartbeat")]
        # Frames published before our subscription would be missed: wait for it (bounded).
        async with asyncio.timeout(self._timeout_s * 3):
            await self._subscribed.wait()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(RedisError, OSError):
            for stream_id in self.rooms.stream_ids():
                await self._redis.hdel(self._viewers_key(stream_id), self.process_id)
            await self._redis.delete(self._alive_key(self.process_id))
        await self._redis.aclose()

    async def publish(self, stream_id: str, frame: Frame | str, *, final: bool = False
                      ) -> None:
        payload = (_FINAL if final else _FRAME) + Frame.of(frame).payload
        try:
            await self._redis.publish(self._channel(stream_id), payload)
        except (RedisError, OSError) as error:
            log.error("redis_publish_failed", stream_id=stream_id, error=repr(error))

    async def viewers_total(self, stream_id: str) -> int:
        key, local = self._viewers_key(stream_id), self.rooms.count(stream_id)
        try:
            if local:
                await self._redis.hset(key, self.process_id, local)
            else:
                await self._redis.hdel(key, self.process_id)
            counts = await self._redis.hgetall(key)
            return await self._sum_alive(key, counts)
        except (RedisError, OSError) as error:
            log.error("redis_presence_failed", stream_id=stream_id, error=repr(error))
            return local

    async def _sum_alive(self, key: str, counts: Mapping[Any, Any]) -> int:
        if not counts:
            return 0
        fields = list(counts)
        alive = await self._redis.mget([self._alive_key(_text(f)) for f in fields])
        dead = [field for field, mark in zip(fields, alive, strict=True) if mark is None]
        if dead:
            await self._redis.hdel(key, *dead)
        return sum(int(counts[f]) for f, mark in zip(fields, alive, strict=True) if mark)

    async def _heartbeat_once(self) -> None:
        await self._redis.set(self._alive_key(self.process_id), b"1", ex=self._ttl_s)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self._ttl_s / 3)
            try:
                await self._heartbeat_once()
            except (RedisError, OSError) as error:
                log.error("redis_heartbeat_failed", error=repr(error))

    async def _listen(self) -> None:
        """Receive every stream's frames; reconnect with a bounded back-off when Redis drops."""
        backoff_s = 0.1
        while True:
            try:
                await self._listen_once()
            except (RedisError, OSError) as error:
                log.error("redis_listen_failed", error=repr(error), retry_in_s=backoff_s)
                await asyncio.sleep(backoff_s)
                backoff_s = min(backoff_s * 2, self._timeout_s)

    async def _listen_once(self) -> None:
        prefix_len = len(self._channel(""))
        async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
            await pubsub.psubscribe(self._channel("*"))
            self._subscribed.set()
            while True:
                message = await pubsub.get_message(timeout=None)
                if message is None or message.get("type") != "pmessage":
                    continue
                stream_id = message["channel"].decode()[prefix_len:]
                data: bytes = message["data"]
                # One Frame per message: its WebSocket bytes are built once for every viewer.
                self.rooms.deliver(stream_id, Frame(data[1:]), final=data[:1] == _FINAL)
