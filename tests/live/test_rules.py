"""Board periods and deltas (pure)."""

from __future__ import annotations

import datetime as dt

from fancoins.economy.boards import Period, Standing, period_start_ms, plan_board_change, ranked
from fancoins.live.boards import StreamBoard, board_change
from fancoins.live.frames import BoardLine


def _ms(*args: int) -> int:
    return int(dt.datetime(*args, tzinfo=dt.UTC).timestamp() * 1000)


def test_periods_are_utc_days_and_weeks_from_monday() -> None:
    wednesday_noon = _ms(2026, 11, 25, 12, 30)
    assert period_start_ms(Period.TODAY, wednesday_noon) == _ms(2026, 11, 25)
    assert period_start_ms(Period.WEEK, wednesday_noon) == _ms(2026, 11, 23)
    assert period_start_ms(Period.WEEK, _ms(2026, 11, 23)) == _ms(2026, 11, 23)
    assert period_start_ms(Period.WEEK, _ms(2026, 11, 22, 23, 59)) == _ms(2026, 11, 16)
    assert period_start_ms(Period.ALL, wednesday_noon) is None


def test_board_change_carries_only_what_moved() -> None:
    before = ranked([Standing("a", 10), Standing("b", 5), Standing("c", 5)])
    assert [s.user_id for s in before] == ["a", "b", "c"]  # ties by id
    after = ranked([Standing("a", 10), Standing("c", 12), Standing("d", 1)])
    change = plan_board_change(before, after)
    assert change.changed == ((1, Standing("c", 12)), (2, Standing("a", 10)),
                              (3, Standing("d", 1)))
    assert change.removed == ("b",)
    assert plan_board_change(after, after).empty


def _board(*lines: tuple[str, int, int | None]) -> StreamBoard:
    standings = tuple(ranked([Standing(u, coins) for u, coins, _ in lines]))
    clubs = {u: club for u, _, club in lines}
    return StreamBoard(standings, tuple(
        BoardLine(rank, s, s.user_id, 0, clubs[s.user_id])
        for rank, s in enumerate(standings, start=1)), 0)


def test_a_board_entry_that_only_changed_its_look_is_still_sent() -> None:
    # The fan club level is written by the LIVE tick, after the gift's own transaction: a
    # board read between the two has the new coins and the old level, and the next board
    # has the same standings. The level must still reach viewers.
    before = _board(("a", 10, 1), ("b", 3, None))
    after = _board(("a", 10, 2), ("b", 3, None))
    assert board_change(before, after).changed == ((1, Standing("a", 10)),)
    assert board_change(after, after).empty
    assert board_change(None, after).changed == ((1, Standing("a", 10)), (2, Standing("b", 3)))
