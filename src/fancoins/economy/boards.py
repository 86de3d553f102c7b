"""Top-gifter boards: periods and the changes between two versions of a board.

Boards are always computed from committed gifts (never kept as running totals), so they can
be rebuilt from the ledger at any time; this module only decides periods, ranks and deltas.
Periods are UTC: a day starts at midnight, a week on Monday at midnight.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

MS_PER_DAY = 86_400_000
# 1970-01-01 was a Thursday: shifting by 3 days puts week boundaries on Mondays.
_MONDAY_SHIFT_DAYS = 3


class Period(enum.StrEnum):
    TODAY = "today"
    WEEK = "week"
    ALL = "all"


def period_start_ms(period: Period, now_ms: int) -> int | None:
    """The first millisecond of `period` containing `now_ms`; None for all time."""
    day = now_ms // MS_PER_DAY
    if period is Period.TODAY:
        return day * MS_PER_DAY
    if period is Period.WEEK:
        monday = day - (day + _MONDAY_SHIFT_DAYS) % 7
        return monday * MS_PER_DAY
    return None


@dataclass(frozen=True, slots=True)
class Standing:
    """One entry of a board: who, and how much (coins given or diamonds received)."""

    user_id: str
    amount: int


def ranked(standings: Sequence[Standing]) -> list[Standing]:
    """Highest amount first; ties broken by user id so every process ranks alike."""
    return sorted(standings, key=lambda s: (-s.amount, s.user_id))


@dataclass(frozen=True, slots=True)
class BoardChange:
    changed: tuple[tuple[int, Standing], ...]  # (rank from 1, standing) that are new or moved
    removed: tuple[str, ...]  # user ids no longer on the board

    @property
    def empty(self) -> bool:
        return not self.changed and not self.removed


def plan_board_change(previous: Sequence[Standing], current: Sequence[Standing]) -> BoardChange:
    """What a viewer holding `previous` must apply to hold `current` (both already ranked)."""
    before = {s.user_id: (rank, s.amount) for rank, s in enumerate(previous, start=1)}
    changed = tuple(
        (rank, s) for rank, s in enumerate(current, start=1)
        if before.get(s.user_id) != (rank, s.amount)
    )
    now = {s.user_id for s in current}
    removed = tuple(sorted(uid for uid in before if uid not in now))
    return BoardChange(changed, removed)
