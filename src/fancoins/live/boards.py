"""The stream boards LIVE shows: each stream's top gifters, re-read at a bounded rate, and
the gifter levels of the people on them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.economy.boards import BoardChange, Standing, plan_board_change, ranked
from fancoins.fanclubs.service import fan_clubs
from fancoins.gifts.service import gifts_service
from fancoins.ids import now_ms
from fancoins.kit.shared import SharedReads
from fancoins.live import frames
from fancoins.safety.service import spending
from fancoins.streams.service import streams

# Senders whose lifetime spend is remembered for levels on boards (bounded memory).
LIFETIMES_MAX = 100_000
# Stream boards remembered for ranks and snapshots (bounded memory).
BOARDS_MAX = 10_000


@dataclass(frozen=True, slots=True)
class StreamBoard:
    standings: tuple[Standing, ...]
    lines: tuple[frames.BoardLine, ...]
    fetched_ms: int

    @property
    def ranks(self) -> dict[str, int]:
        return {line.standing.user_id: line.rank for line in self.lines}


def board_change(previous: StreamBoard | None, current: StreamBoard) -> BoardChange:
    """What viewers holding `previous` must apply: entries that moved or changed amount, and
    entries that stand where they stood but look different now (a fan club level reached in
    the LIVE tick that commits after the gift's own transaction, a new sender level, a new
    name). Comparing standings alone would drop those for good: the next board would find
    nothing moved and say nothing."""
    change = plan_board_change(previous.standings if previous else (), current.standings)
    if previous is None:
        return change
    moved = {s.user_id for _, s in change.changed}
    looked = {line.standing.user_id: _looks(line) for line in previous.lines}
    restyled = tuple((line.rank, line.standing) for line in current.lines
                     if line.standing.user_id not in moved
                     and line.standing.user_id in looked
                     and looked[line.standing.user_id] != _looks(line))
    if not restyled:
        return change
    changed = tuple(sorted(change.changed + restyled, key=lambda c: c[0]))
    return BoardChange(changed, change.removed)


def _looks(line: frames.BoardLine) -> tuple[str, int, int | None]:
    return line.display_name, line.lifetime_coins, line.club_level


class StreamBoards:
    """Every stream's board, cached for `live.board_interval_ms` (one query shared by every
    caller waiting for it), and senders' lifetime spend for their levels."""

    def __init__(self, db: AsyncEngine, settings: Settings) -> None:
        self._db = db
        self._size = settings.live.stream_board_size
        self._max_age_ms = settings.live.board_interval_ms
        self._boards: dict[str, StreamBoard] = {}
        self._fetches: SharedReads[str, StreamBoard] = SharedReads("live-board-read")
        self._lifetimes: dict[str, int] = {}
        self._club = settings.economy.fan_club

    def cached(self, stream_id: str) -> StreamBoard | None:
        return self._boards.get(stream_id)

    def ranks(self, stream_id: str) -> dict[str, int]:
        board = self._boards.get(stream_id)
        return board.ranks if board is not None else {}

    def forget(self, stream_id: str) -> None:
        self._boards.pop(stream_id, None)

    def remember_lifetime(self, user_id: str, lifetime_coins: int) -> None:
        if user_id not in self._lifetimes and len(self._lifetimes) >= LIFETIMES_MAX:
            self._lifetimes.pop(next(iter(self._lifetimes)))
        self._lifetimes[user_id] = lifetime_coins

    async def board(self, stream_id: str, at_ms: int, *, fresh: bool = False) -> StreamBoard:
        """The stream's top gifters, re-read at most once per board interval."""
        cached = self._boards.get(stream_id)
        if cached is not None and not fresh and at_ms - cached.fetched_ms < self._max_age_ms:
            return cached
        return await self._fetches.get(stream_id, lambda: self._fetch(stream_id))

    async def cancel_fetches(self) -> None:
        await self._fetches.cancel()

    async def _fetch(self, stream_id: str) -> StreamBoard:
        at_ms = now_ms()
        async with read_only(self._db) as connection:
            totals = await gifts_service.top_gifters(connection, stream_id=stream_id,
                                                     limit=self._size)
            for total in totals:
                if total.user_id not in self._lifetimes:
                    view = await spending.view(connection, total.user_id, at_ms)
                    self.remember_lifetime(total.user_id, view.spent.lifetime_coins)
            clubs = await self._clubs(connection, stream_id, [t.user_id for t in totals], at_ms)
        names = {t.user_id: t.display_name for t in totals}
        standings = tuple(ranked([Standing(t.user_id, t.coins) for t in totals]))
        lines = tuple(
            frames.BoardLine(rank, s, names[s.user_id], self._lifetimes.get(s.user_id, 0),
                             clubs.get(s.user_id))
            for rank, s in enumerate(standings, start=1))
        board = StreamBoard(standings, lines, at_ms)
        if stream_id not in self._boards and len(self._boards) >= BOARDS_MAX:
            self._boards.pop(next(iter(self._boards)))
        self._boards[stream_id] = board
        return board

    async def _clubs(self, connection: AsyncConnection, stream_id: str, user_ids: list[str],
                     at_ms: int) -> dict[str, int]:
        """Fan club levels of the board's gifters with the stream's creator."""
        if not user_ids:
            return {}
        targets, _ = await streams.targets(connection, {stream_id}, ())
        target = targets.get(stream_id)
        if target is None:
            return {}
        return await fan_clubs.levels(connection, target.creator_id, user_ids, self._club,
                                      at_ms)
