"""Boards and gifter levels as the API shows them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from fancoins.accounts.schemas import iso
from fancoins.economy.boards import Period
from fancoins.live.service import Board, Gifter


class BoardEntryOut(BaseModel):
    rank: int
    user_id: str
    display_name: str
    coins: int
    diamonds: int
    gifts: int
    level: int | None  # the gifter level (supporter boards only)
    badges: list[str]
    club_level: int | None = None  # fan club level with the creator (supporter boards)


class BoardOut(BaseModel):
    board: str  # stream | creator_supporters | creators
    subject_id: str | None  # the stream or creator the board is about
    period: Period
    since: dt.datetime | None  # start of the period (UTC); None for all time
    as_of: dt.datetime
    entries: list[BoardEntryOut]

    @classmethod
    def of(cls, board: Board) -> BoardOut:
        return cls(
            board=board.kind, subject_id=board.subject_id, period=board.period,
            since=iso(board.since_ms) if board.since_ms is not None else None,
            as_of=iso(board.as_of_ms),
            entries=[BoardEntryOut(rank=e.rank, user_id=e.user_id, display_name=e.display_name,
                                   coins=e.coins, diamonds=e.diamonds, gifts=e.gifts,
                                   level=e.level, badges=list(e.badges),
                                   club_level=e.club_level)
                     for e in board.entries],
        )


class GifterOut(BaseModel):
    user_id: str
    display_name: str
    # The exact spend, for the user themself and operators only (None for anyone else).
    lifetime_coins: int | None
    level: int
    coins_to_next_level: int | None  # None at the top level, or when the spend is hidden
    badges: list[str]

    @classmethod
    def of(cls, gifter: Gifter, *, exact: bool) -> GifterOut:
        return cls(user_id=gifter.user_id, display_name=gifter.display_name,
                   lifetime_coins=gifter.lifetime_coins if exact else None, level=gifter.level,
                   coins_to_next_level=gifter.coins_to_next_level if exact else None,
                   badges=list(gifter.badges))
