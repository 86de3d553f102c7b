"""Rate limits: moving windows from the `limits` library, per operation class (gifts,
purchases and receipts, checkout sessions, withdrawals, failed authentications) and per
identity (a user, an API key, a client address), each window a named setting.

Storage is the library's: Redis (`limits.aio.storage.RedisStorage`, shared by every API
process) when `FANCOINS_REDIS_URL` is set, else this process's memory. The in-memory storage
here implements the library's moving-window interface with a bounded deque per identity: the
library's own keeps a list it inserts into at the front and sweeps every key on a timer, which
cost more than the gift it guards.

An unreachable Redis lets the request through (logged): the limits protect the service and
must not be what takes it down.
"""

from __future__ import annotations

import enum
import math
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from limits import RateLimitItem, parse_many
from limits.aio.storage import MovingWindowSupport, Storage
from limits.aio.storage import RedisStorage as LibraryRedisStorage
from redis.asyncio import ConnectionPool

from fancoins.config import Settings
from fancoins.kit.errors import RateLimited

log = structlog.get_logger(__name__)


class RateClass(enum.StrEnum):
    GIFTS = "gifts"
    PURCHASES = "purchases"  # store receipts (Apple, Google)
    CHECKOUT = "checkout"  # web checkout sessions
    WITHDRAWALS = "withdrawals"
    AUTH_FAILURES = "auth_failures"


class Dimension(enum.StrEnum):
    USER = "user"
    KEY = "key"
    ADDRESS = "address"


# The setting (of `settings.rate_limits`) that holds each (class, identity) limit.
_SETTINGS: dict[tuple[RateClass, Dimension], str] = {
    (op, dim): f"{op.value}_per_{dim.value}"
    for op in RateClass for dim in Dimension if op is not RateClass.AUTH_FAILURES
} | {(RateClass.AUTH_FAILURES, Dimension.ADDRESS): "auth_failures_per_address"}


@dataclass(frozen=True, slots=True)
class RateRefusal:
    rate_class: RateClass
    dimension: Dimension
    limit: str  # "20 per 1 second"
    retry_after_s: int

    def error(self) -> RateLimited:
        """429 `rate-limited`, with Retry-After: when the window has room again."""
        return RateLimited(
            f"too many {_WORDS[self.rate_class]} from this {self.dimension.value} (at most "
            f"{self.limit}); nothing was applied: retry after {self.retry_after_s} s",
            retry_after_s=self.retry_after_s, rate_class=self.rate_class.value,
            limited_by=self.dimension.value, limit=self.limit)


_WORDS = {RateClass.GIFTS: "gifts", RateClass.PURCHASES: "purchases",
          RateClass.CHECKOUT: "checkout sessions", RateClass.WITHDRAWALS: "withdrawals",
          RateClass.AUTH_FAILURES: "failed authentications"}


class MemoryWindows(Storage, MovingWindowSupport):
    """The library's moving-window storage interface over bounded per-identity deques.

    A key holds at most `limit` timestamps (older ones cannot matter), so a hit is O(1).
    Past `keys_max` identities, the idle ones are dropped; if all are active, the oldest go
    (their windows restart: briefly more permissive, never unbounded memory)."""

    STORAGE_SCHEME: list[str] | None = ["fancoins+memory"]  # noqa: RUF012 - the library's

    def __init__(self, keys_max: int) -> None:
        super().__init__(None)
        self._keys_max = keys_max
        self._events: dict[str, tuple[deque[float], int]] = {}

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return ValueError

    async def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        return self.acquire(key, limit, expiry, time.time(), amount)

    def acquire(self, key: str, limit: int, expiry: int, now: float, amount: int = 1) -> bool:
        """`acquire_entry` without the coroutine: the limiter's hot path."""
        if amount > limit:
            return False
        found = self._events.get(key)
        if found is None or found[0].maxlen != limit:
            if len(self._events) >= self._keys_max:
                self._sweep(now)
            found = self._events[key] = (deque(found[0] if found else (), maxlen=limit), expiry)
        events = found[0]
        kept = limit - amount  # entries that may already be in the window
        if len(events) > kept and events[-kept - 1] > now - expiry:
            return False
        events.extend((now,) * amount)
        return True

    def over(self, key: str, limit: int, expiry: int) -> bool:
        """Whether one more hit would be refused (O(1), without hitting)."""
        found = self._events.get(key)
        return (found is not None and len(found[0]) >= limit
                and found[0][-limit] > time.time() - expiry)

    async def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        found = self._events.get(key)
        inside = [t for t in found[0] if t > now - expiry] if found else []
        return (inside[0] if inside else now), len(inside)

    def _sweep(self, now: float) -> None:
        idle = [k for k, (events, expiry) in self._events.items()
                if not events or events[-1] <= now - expiry]
        for key in idle:
            del self._events[key]
        excess = len(self._events) - self._keys_max + max(self._keys_max // 10, 1)
        for key in list(self._events)[:max(excess, 0)]:
            del self._events[key]

    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        raise NotImplementedError("moving windows only")

    async def get(self, key: str) -> int:
        found = self._events.get(key)
        return len(found[0]) if found else 0

    async def get_expiry(self, key: str) -> float:
        found = self._events.get(key)
        return (found[0][-1] + found[1]) if found and found[0] else time.time()

    async def check(self) -> bool:
        return True

    async def reset(self) -> int | None:
        count = len(self._events)
        self._events.clear()
        return count

    async def clear(self, key: str) -> None:
        self._events.pop(key, None)


@dataclass(frozen=True, slots=True)
class _Window:
    item: RateLimitItem
    amount: int
    expiry_s: int
    label: str
    prefix: str  # "<class>/<identity kind>/"; the key is prefix + identity + suffix
    suffix: str

    def key(self, identity: str) -> str:
        return self.prefix + identity + self.suffix


class RateLimiter:
    """Hits the windows of an operation class for each identity of a request."""

    def __init__(self, settings: Settings, storage: MemoryWindows | LibraryRedisStorage,
                 pool: ConnectionPool | None = None) -> None:
        self._storage = storage
        self._memory = storage if isinstance(storage, MemoryWindows) else None
        self._pool = pool
        self._windows: dict[tuple[RateClass, Dimension], tuple[_Window, ...]] = {
            (op, dim): tuple(
                _Window(item, item.amount, item.get_expiry(), str(item), f"{op.value}/{dim.value}/",
                        f"/{item.amount}/{item.get_expiry()}")
                for item in parse_many(getattr(settings.rate_limits, name)))
            for (op, dim), name in _SETTINGS.items()
        }

    def windows(self, rate_class: RateClass, dimension: Dimension) -> tuple[_Window, ...]:
        return self._windows.get((rate_class, dimension), ())

    async def hit(self, rate_class: RateClass, identities: Mapping[Dimension, str]
                  ) -> RateRefusal | None:
        """Count one request against every window of each identity; the first window it
        would pass refuses it (windows already counted keep the count)."""
        memory, now = self._memory, time.time()
        for dimension, identity in identities.items():
            for window in self._windows.get((rate_class, dimension), ()):
                key = window.key(identity)
                if memory is not None:
                    acquired = memory.acquire(key, window.amount, window.expiry_s, now)
                else:
                    try:
                        acquired = await self._storage.acquire_entry(key, window.amount,
                                                                     window.expiry_s)
                    except Exception as error:  # Redis down: let it through, loudly
                        log.warning("rate_limit_unavailable", error=repr(error))
                        return None
                if not acquired:
                    return await self._refusal(rate_class, dimension, window, key)
        return None

    async def over(self, rate_class: RateClass, identities: Mapping[Dimension, str]
                   ) -> RateRefusal | None:
        """Whether a request of this class would be refused now, without counting it."""
        for dimension, identity in identities.items():
            for window in self._windows.get((rate_class, dimension), ()):
                key = window.key(identity)
                if self._memory is not None:
                    if self._memory.over(key, window.amount, window.expiry_s):
                        return await self._refusal(rate_class, dimension, window, key)
                    continue
                try:
                    _, count = await self._storage.get_moving_window(
                        key, window.amount, window.expiry_s)
                except Exception as error:
                    log.warning("rate_limit_unavailable", error=repr(error))
                    return None
                if count >= window.amount:
                    return await self._refusal(rate_class, dimension, window, key)
        return None

    async def _refusal(self, rate_class: RateClass, dimension: Dimension, window: _Window,
                       key: str) -> RateRefusal:
        """Retry-After: when the oldest hit in the window leaves it (a slot frees)."""
        try:
            start, _ = await self._storage.get_moving_window(
                key, window.amount, window.expiry_s)
            wait_s = start + window.expiry_s - time.time()
        except Exception:
            wait_s = window.expiry_s
        return RateRefusal(rate_class, dimension, window.label, max(1, math.ceil(wait_s)))

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()


def rate_limiter(settings: Settings) -> RateLimiter | None:
    """The limiter for this process (None when switched off): Redis-backed when configured."""
    if not settings.rate_limits.enabled:
        return None
    if settings.redis_url is None:
        return RateLimiter(settings, MemoryWindows(settings.rate_limits.memory_keys_max))
    timeout_s = settings.rate_limits.redis_timeout_s
    pool = ConnectionPool.from_url(settings.redis_url, socket_timeout=timeout_s,
                                   socket_connect_timeout=timeout_s)
    # The pool is ours (the library passes it to the client), so it is closed with us.
    options: dict[str, Any] = {"connection_pool": pool}
    storage = LibraryRedisStorage(f"async+{settings.redis_url}", implementation="redispy",
                                  key_prefix=settings.rate_limits.redis_prefix, **options)
    return RateLimiter(settings, storage, pool)
