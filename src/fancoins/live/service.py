"""Boards, gifter levels and badges, read from committed gifts. Services never commit.

Every board is computed from the gifts table (which the gift writer fills in the same
transaction as the ledger legs), so a board is always rebuildable: there is no running total
to drift. Creator and global boards are cached for `live.board_cache_s` by `BoardCache`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.economy.boards import Period, period_start_ms
from fancoins.economy.levels import badges_for, coins_to_next_level, gifter_level
from fancoins.economy.rules import FanClub, Levels
from fancoins.fanclubs.service import fan_clubs
from fancoins.gifts.service import BoardTotal, gifts_service
from fancoins.identity.service import UserNotFound, users
from fancoins.safety.service import spending
from fancoins.streams.service import streams

T = TypeVar("T")
# Distinct boards cached at once (per stream/creator, period and limit): bounded memory.
BOARD_CACHE_ENTRIES_MAX = 10_000


class BoardKind:
    STREAM = "stream"
    CREATOR_SUPPORTERS = "creator_supporters"
    CREATORS = "creators"


@dataclass(frozen=True, slots=True)
class BoardEntry:
    rank: int
    user_id: str
    display_name: str
    coins: int
    diamonds: int
    gifts: int
    level: int | None
    badges: tuple[str, ...]
    club_level: int | None = None  # fan club level with the board's creator (members)


@dataclass(frozen=True, slots=True)
class Board:
    kind: str
    subject_id: str | None
    period: Period
    since_ms: int | None
    as_of_ms: int
    entries: tuple[BoardEntry, ...]


@dataclass(frozen=True, slots=True)
class Gifter:
    user_id: str
    display_name: str
    lifetime_coins: int
    level: int
    coins_to_next_level: int | None
    badges: tuple[str, ...]


class BoardCache:
    """A small time-bounded cache; concurrent misses for one key share one load."""

    def __init__(self, ttl_s: float) -> None:
        self._ttl_s = ttl_s
        self._entries: dict[Hashable, tuple[float, object]] = {}
        self._loading: dict[Hashable, asyncio.Future[object]] = {}

    async def get(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        hit = self._entries.get(key)
        if hit is not None and time.monotonic() - hit[0] < self._ttl_s:
            return hit[1]  # type: ignore[return-value]
        if key in self._loading:
            shared: object = await asyncio.shield(self._loading[key])
            return shared  # type: ignore[return-value]
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await load()
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: waiters get it, nobody logs it as unhandled
            raise
        finally:
            self._loading.pop(key, None)
        future.set_result(value)
        if len(self._entries) >= BOARD_CACHE_ENTRIES_MAX:
            self._entries.clear()
        self._entries[key] = (time.monotonic(), value)
        return value


class LiveService:
    async def stream_board(self, connection: AsyncConnection, stream_id: str, limit: int,
                           levels: Levels, at_ms: int, club: FanClub | None = None) -> Board:
        """A stream's top gifters (raises `StreamNotFound`)."""
        stream = await streams.get(connection, stream_id)
        totals = await gifts_service.top_gifters(connection, stream_id=stream_id, limit=limit)
        entries = await self._supporters(connection, totals, levels, at_ms, top_badges=True)
        entries = await _with_clubs(connection, entries, stream.creator_id, club, at_ms)
        return Board(BoardKind.STREAM, stream_id, Period.ALL, None, at_ms, entries)

    async def creator_board(self, connection: AsyncConnection, creator_id: str, period: Period,
                            limit: int, levels: Levels, at_ms: int, club: FanClub | None = None
                            ) -> Board:
        """A creator's top supporters today, this week or all time (raises `UserNotFound`)."""
        await users.get(connection, creator_id)
        since_ms = period_start_ms(period, at_ms)
        totals = await gifts_service.top_gifters(connection, recipient_id=creator_id,
                                                 since_ms=since_ms, limit=limit)
        entries = await self._supporters(connection, totals, levels, at_ms, top_badges=False)
        entries = await _with_clubs(connection, entries, creator_id, club, at_ms)
        return Board(BoardKind.CREATOR_SUPPORTERS, creator_id, period, since_ms, at_ms, entries)

    async def creators_board(self, connection: AsyncConnection, period: Period, limit: int,
                             at_ms: int) -> Board:
        """Creators by diamonds received in the period (the global board)."""
        since_ms = period_start_ms(period, at_ms)
        totals = await gifts_service.top_creators(connection, since_ms=since_ms, limit=limit)
        entries = tuple(
            BoardEntry(rank, t.user_id, t.display_name, t.coins, t.diamonds, t.gifts, None, ())
            for rank, t in enumerate(totals, start=1))
        return Board(BoardKind.CREATORS, None, period, since_ms, at_ms, entries)

    async def gifter(self, connection: AsyncConnection, user_id: str, levels: Levels,
                     at_ms: int) -> Gifter:
        """A user's gifter level and tier badge (raises `UserNotFound`)."""
        user = await users.find(connection, user_id)
        if user is None:
            raise UserNotFound(user_id)
        lifetime = (await spending.view(connection, user_id, at_ms)).spent.lifetime_coins
        level = gifter_level(lifetime, levels)
        return Gifter(user_id, user.display_name, lifetime, level,
                      coins_to_next_level(lifetime, levels), badges_for(level, None, levels))

    async def _supporters(self, connection: AsyncConnection, totals: list[BoardTotal],
                          levels: Levels, at_ms: int, *, top_badges: bool
                          ) -> tuple[BoardEntry, ...]:
        entries = []
        for rank, total in enumerate(totals, start=1):
            lifetime = (await spending.view(connection, total.user_id, at_ms)
                        ).spent.lifetime_coins
            level = gifter_level(lifetime, levels)
            badges = badges_for(level, rank if top_badges else None, levels)
            entries.append(BoardEntry(rank, total.user_id, total.display_name, total.coins,
                                      total.diamonds, total.gifts, level, badges))
        return tuple(entries)


async def _with_clubs(connection: AsyncConnection, entries: tuple[BoardEntry, ...],
                      creator_id: str, club: FanClub | None, at_ms: int
                      ) -> tuple[BoardEntry, ...]:
    """The entries with their fan club levels (members of the creator's club)."""
    if club is None or not entries:
        return entries
    levels = await fan_clubs.levels(connection, creator_id, [e.user_id for e in entries], club,
                                    at_ms)
    return tuple(replace(e, club_level=levels.get(e.user_id)) for e in entries)


live = LiveService()
