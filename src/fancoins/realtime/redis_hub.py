"""Fan-out across API processes through Redis pub/sub (`FANCOINS_REDIS_URL`).

Every process subscribes to one pattern (`<prefix>s:*`). A frame published here is delivered
to this process's viewers at once and handed to a sender task that relays it through Redis;
other processes deliver what arrives to their own viewers (this process skips its own). Frames
are numbered by the stream's log, so each process delivers them in number order whatever order
Redis relayed them in, and reads back from the log whatever Redis lost (see `lines.py`).

Redis is best effort, and its loss is loud, never silent:
- a process starts and serves without it (`health` says degraded, with the reason), and
  connects in the background;
- while it is unreachable, fan-out is local and frames of other processes are read from the
  log; viewers are told (`resync`) when it goes and when it comes back;
- the reconnect back-off doubles up to `backoff_max_s` and resets after each success, so a
  short blip after a long outage costs a short wait;
- the gift path never waits on it: publishing only appends to a bounded outgoing queue.

Viewer counts live in one Redis hash per stream (a field per process); a process's fields
count only while its heartbeat key lives, so a crashed process's viewers stop counting after
`presence_ttl_s`. Without Redis, counts are this process's.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import uuid
from collections.abc import Mapping
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from fancoins.ids import now_ms
from fancoins.kit.tasks import cancel_all, stop_if_cancelled
from fancoins.observability import FRAMES_NOT_RELAYED, REDIS_RECONNECTS, REDIS_UP
from fancoins.realtime.hub import FanoutHealth
from fancoins.realtime.lines import LineLimits, Rooms
from fancoins.realtime.protocol import Frame

log = structlog.get_logger(__name__)

# A relayed message: kind, origin process, first and last number, oldest gift's commit time
# (ms), then the frame's JSON.
_HEADER = struct.Struct(">c16sqqq")
_FRAME, _FINAL = b"F", b"E"  # the final frame of a stream: viewers are closed after it
# Frames waiting for the sender task; past it they are not relayed (the log has them, and
# other processes read them back): a slow Redis never holds memory or the tick.
OUTGOING_FRAMES_MAX = 10_000
# Frames relayed in one round trip when several wait (pipelined PUBLISH).
RELAY_BATCH_MAX = 200
# The first reconnect waits this long; each failure doubles it up to `backoff_max_s`.
BACKOFF_INITIAL_S = 0.1
# A subscription that hears nothing (not even the answer to a ping) for this many idle
# periods is taken as lost: a Redis that vanished without closing the connection.
IDLE_PINGS_MAX = 3


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisHub:
    def __init__(self, url: str, prefix: str, presence_ttl_s: int, timeout_s: float,
                 limits: LineLimits | None = None, backoff_max_s: float | None = None
                 ) -> None:
        self.rooms = Rooms(limits)
        self._redis = Redis.from_url(url, socket_timeout=timeout_s,
                                     socket_connect_timeout=timeout_s,
                                     retry=Retry(NoBackoff(), 0))
        self._prefix = prefix
        self._ttl_s = presence_ttl_s
        self._timeout_s = timeout_s
        self._backoff_max_s = backoff_max_s if backoff_max_s is not None else timeout_s
        self.process_id = uuid.uuid4().hex
        self._origin = uuid.UUID(self.process_id).bytes
        self._tasks: list[asyncio.Task[None]] = []
        self._outgoing: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(OUTGOING_FRAMES_MAX)
        self._up = asyncio.Event()
        self._health = FanoutHealth("redis", False, "redis: not connected yet", now_ms())
        self._subscriptions = 0  # successful subscriptions so far
        REDIS_UP.set(0)

    @property
    def health(self) -> FanoutHealth:
        return self._health

    def _channel(self, stream_id: str) -> str:
        return f"{self._prefix}s:{stream_id}"

    def _viewers_key(self, stream_id: str) -> str:
        return f"{self._prefix}v:{stream_id}"

    def _alive_key(self, process_id: str) -> str:
        return f"{self._prefix}p:{process_id}"

    async def start(self) -> None:
        """Start serving at once; Redis is joined in the background. Waits (bounded) for the
        first subscription so that a healthy start misses nothing, and never fails."""
        self.rooms.start()
        self._tasks = [asyncio.create_task(self._listen(), name="redis-hub-listen"),
                       asyncio.create_task(self._heartbeat(), name="redis-hub-heartbeat"),
                       asyncio.create_task(self._relay(), name="redis-hub-relay")]
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._timeout_s):
                await self._up.wait()
        if not self._up.is_set():
            self._set_down(self._health.reason)  # loud: serving with local fan-out

    async def stop(self) -> None:
        await cancel_all(self._tasks, "redis hub")
        await self.rooms.stop()
        if self._health.up:
            with contextlib.suppress(RedisError, OSError):
                async with asyncio.timeout(self._timeout_s):
                    for stream_id in self.rooms.stream_ids():
                        await self._redis.hdel(self._viewers_key(stream_id), self.process_id)
                    await self._redis.delete(self._alive_key(self.process_id))
        await self._redis.aclose()

    # --- publishing --------------------------------------------------------------------

    async def publish(self, stream_id: str, frame: Frame | str, *, final: bool = False
                      ) -> None:
        frame = Frame.of(frame)
        final = final or frame.final
        self.rooms.deliver(stream_id, frame, final=final)  # here first: never waits on Redis
        if not self._health.up:
            FRAMES_NOT_RELAYED.inc()
            return
        header = _HEADER.pack(_FINAL if final else _FRAME, self._origin, frame.first_seq,
                              frame.last_seq, frame.committed_ms)
        try:
            self._outgoing.put_nowait((stream_id, header + frame.payload))
        except asyncio.QueueFull:
            FRAMES_NOT_RELAYED.inc()

    async def _relay(self) -> None:
        """Hand queued frames to Redis, in order, several per round trip when they wait."""
        queue = self._outgoing
        while True:
            stop_if_cancelled()
            batch = [await queue.get()]
            while len(batch) < RELAY_BATCH_MAX and not queue.empty():
                batch.append(queue.get_nowait())
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    for stream_id, message in batch:
                        pipe.publish(self._channel(stream_id), message)
                    await pipe.execute()
            except (RedisError, OSError) as error:
                # Not relayed; the listener decides whether Redis is down. Other processes
                # read these frames back from the log.
                FRAMES_NOT_RELAYED.inc(len(batch))
                log.warning("redis_publish_failed", frames=len(batch), error=repr(error))

    # --- receiving ---------------------------------------------------------------------

    async def _listen(self) -> None:
        """Receive every stream's frames; after a loss, reconnect with a back-off that doubles
        up to its bound and starts again from the beginning after each success."""
        backoff_s = BACKOFF_INITIAL_S
        while True:
            stop_if_cancelled()
            subscriptions = self._subscriptions
            try:
                await self._listen_once()
            except (RedisError, OSError) as error:
                self._set_down(f"redis unreachable: {error!r}")
            if self._subscriptions != subscriptions:  # it connected: a new loss starts over
                backoff_s = BACKOFF_INITIAL_S
            await asyncio.sleep(backoff_s)
            backoff_s = min(backoff_s * 2, self._backoff_max_s)

    async def _listen_once(self) -> None:
        prefix_len = len(self._channel(""))
        idle_s = max(0.5, self._timeout_s / 2)
        async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
            await pubsub.psubscribe(self._channel("*"))
            await self._heartbeat_once()
            self._set_up()
            quiet = 0
            while True:
                message = await pubsub.get_message(timeout=idle_s)
                if message is None:
                    quiet += 1
                    if quiet > IDLE_PINGS_MAX:
                        raise RedisError("no answer from redis")
                    await pubsub.ping()
                    continue
                quiet = 0
                if message.get("type") == "pmessage":
                    self._deliver(message["channel"].decode()[prefix_len:], message["data"])

    def _deliver(self, stream_id: str, data: bytes) -> None:
        kind, origin, first, last, committed_ms = _HEADER.unpack_from(data)
        if origin == self._origin:
            return  # delivered here when it was published
        frame = Frame(data[_HEADER.size:], first_seq=first, last_seq=last,
                      final=kind == _FINAL, committed_ms=committed_ms)
        self.rooms.deliver(stream_id, frame, final=frame.final)

    # --- state ---------------------------------------------------------------------------

    def _set_up(self) -> None:
        if self._subscriptions:
            REDIS_RECONNECTS.inc()
        self._subscriptions += 1
        self._health = FanoutHealth("redis", True, "", now_ms())
        self._up.set()
        REDIS_UP.set(1)
        self.rooms.set_degraded(None)
        log.info("redis_fanout_up")

    def _set_down(self, reason: str) -> None:
        was_up = self._health.up
        self._up.clear()
        REDIS_UP.set(0)
        if was_up or self.rooms.degraded_reason is None:
            # Once per loss: the state change is what an operator must see.
            log.error("redis_fanout_down", reason=reason,
                      effect="local fan-out; other processes' frames read from the log")
        self._health = FanoutHealth("redis", False, reason,
                                    now_ms() if was_up else self._health.since_ms)
        self.rooms.set_degraded(reason)

    # --- presence --------------------------------------------------------------------------

    async def viewers_total(self, stream_id: str) -> int:
        key, local = self._viewers_key(stream_id), self.rooms.count(stream_id)
        if not self._health.up:
            return local
        try:
            if local:
                await self._redis.hset(key, self.process_id, local)
            else:
                await self._redis.hdel(key, self.process_id)
            counts = await self._redis.hgetall(key)
            return await self._sum_alive(key, counts)
        except (RedisError, OSError) as error:
            log.warning("redis_presence_failed", stream_id=stream_id, error=repr(error))
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
            stop_if_cancelled()
            await asyncio.sleep(self._ttl_s / 3)
            if not self._health.up:
                continue  # the listener reconnects; it beats once connected
            try:
                await self._heartbeat_once()
            except (RedisError, OSError) as error:
                log.warning("redis_heartbeat_failed", error=repr(error))

