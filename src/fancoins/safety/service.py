"""Spending limits a user sets for themselves, and the check every coin spend goes through.

Lowering a limit applies at once; raising (or removing) one waits out the cooling-off
(`economy.limits.plan_limit_change`). Spend is counted per UTC day, ISO week (Monday to Sunday,
UTC) and calendar month (UTC) in one `spend_totals` row per spender. A guardian's caps on a
minor (`safety.limits`) apply on top: per window, the stricter limit wins.

Other domains that spend a user's coins (promotions) call `spending.check_and_count` inside
their own transaction, before posting the coins (and `uncount` for coins they give back); the
gift writer uses the batch methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.economy.limits import (
    WINDOWS,
    PendingRaise,
    SpendLimits,
    check_spend,
    left_in,
    plan_limit_change,
    settle_limits,
    stricter_windows,
)
from fancoins.journal.idempotency import idempotent
from fancoins.kit.clock import MS_PER_DAY, MS_PER_SECOND
from fancoins.kit.clock import now_ms as clock_ms
from fancoins.kit.hashing import scoped_key
from fancoins.safety import repository
from fancoins.safety.errors import SpendingLimitExceeded
from fancoins.safety.limits import Holder, Kind, SetView, limit_sets, set_of_row
from fancoins.safety.repository import LimitsRow, TotalsRow

LIMITS_PUT_SCOPE = "spend_limits_put"
# 1970-01-01 was a Thursday: shifting by three days makes week numbers turn on Mondays.
_MONDAY_SHIFT_DAYS = 3


def window_keys(at_ms: int) -> tuple[int, int, int]:
    """(UTC day number, ISO-week number, month number) of `at_ms`: equal keys, same window."""
    day = at_ms // MS_PER_DAY
    date = dt.date(1970, 1, 1) + dt.timedelta(days=day)
    return day, (day + _MONDAY_SHIFT_DAYS) // 7, date.year * 12 + date.month - 1


@dataclass(frozen=True, slots=True)
class Spent:
    """Coins spent in the current windows and over a lifetime (gifter levels)."""

    day_coins: int = 0
    week_coins: int = 0
    month_coins: int = 0
    lifetime_coins: int = 0


@dataclass(frozen=True, slots=True)
class LimitsView:
    effective: SpendLimits  # the user's own spending limits in force
    pending: PendingRaise | None
    spent: Spent
    # A guardian's caps on spending and on buying, and the user's own buying limits.
    guardian_spending: SetView | None = None
    guardian_buying: SetView | None = None
    buying: SetView | None = None


def _limits(row: LimitsRow) -> SpendLimits:
    return SpendLimits(row.daily_coins, row.weekly_coins, row.monthly_coins)


def _pending_limits(row: LimitsRow) -> SpendLimits:
    return SpendLimits(row.pending_daily_coins, row.pending_weekly_coins,
                       row.pending_monthly_coins)


def _settled(row: LimitsRow | None, at_ms: int) -> tuple[SpendLimits, PendingRaise | None]:
    if row is None:
        return SpendLimits(), None
    pending = (
        PendingRaise(_pending_limits(row), row.pending_effective_at_s or 0)
        if row.pending else None
    )
    change = settle_limits(_limits(row), pending, at_ms // MS_PER_SECOND)
    return change.effective, change.pending


def _spent(row: TotalsRow | None, at_ms: int) -> Spent:
    if row is None:
        return Spent()
    day, week, month = window_keys(at_ms)
    return Spent(
        row.day_coins if row.day_key == day else 0,
        row.week_coins if row.week_key == week else 0,
        row.month_coins if row.month_key == month else 0,
        row.lifetime_coins,
    )


class SpendingService:
    async def view(
        self, connection: AsyncConnection, user_id: str, at_ms: int | None = None
    ) -> LimitsView:
        at = clock_ms() if at_ms is None else at_ms
        effective, pending = _settled(await repository.limits_row(connection, user_id), at)
        totals = await repository.totals_rows(connection, [user_id], lock=False)
        sets = {(v.holder, v.kind): v
                for kind in Kind for v in await limit_sets.views(connection, user_id, kind, at)}
        return LimitsView(effective, pending, _spent(totals[0] if totals else None, at),
                          sets.get((Holder.GUARDIAN, Kind.SPEND)),
                          sets.get((Holder.GUARDIAN, Kind.BUY)),
                          sets.get((Holder.SELF, Kind.BUY)))

    async def set_limits(
        self, uow: UnitOfWork, user_id: str, requested: SpendLimits, cooling_off_s: int, *,
        idempotency_key: str | None = None, at_ms: int | None = None,
    ) -> LimitsView:
        """Lower at once, raise after `cooling_off_s`. Asking again for the raise already
        cooling off changes nothing (the clock does not restart), so a repeat is harmless;
        with a key, a retry answers the first answer and changes nothing."""
        async def run() -> LimitsView:
            return await self._set_limits(uow, user_id, requested, cooling_off_s, at_ms)

        if idempotency_key is None:
            return await run()
        request = {"user_id": user_id, "daily_coins": requested.daily_coins,
                   "weekly_coins": requested.weekly_coins,
                   "monthly_coins": requested.monthly_coins}
        answer = await idempotent(uow, LIMITS_PUT_SCOPE, scoped_key(user_id, idempotency_key),
                                  request, run, LimitsView)
        return answer.value

    async def _set_limits(
        self, uow: UnitOfWork, user_id: str, requested: SpendLimits, cooling_off_s: int,
        at_ms: int | None,
    ) -> LimitsView:
        connection = await uow.connect()
        at = clock_ms() if at_ms is None else at_ms
        row = await repository.limits_row(connection, user_id, lock=True)
        current, pending = _settled(row, at)
        if not (pending is not None and pending.limits == requested):
            change = plan_limit_change(current, requested, pending, at // MS_PER_SECOND,
                                       cooling_off_s)
            current, pending = change.effective, change.pending
        await repository.save_limits(connection, _limits_values(user_id, current, pending, at))
        return await self.view(connection, user_id, at)

    async def check_and_count(
        self, uow: UnitOfWork, user_id: str, amount_coins: int, at_ms: int | None = None,
    ) -> Spent:
        """Refuse with `SpendingLimitExceeded` if spending `amount_coins` passes a limit (the
        user's own or a guardian's), else count it. Call inside the unit that spends the
        coins, before the ledger write (the totals row is locked first, as the gift writer
        does: one lock order)."""
        connection = await uow.connect()
        at = clock_ms() if at_ms is None else at_ms
        await repository.ensure_totals_row(connection, user_id, at)
        totals = await repository.totals_rows(connection, [user_id], lock=True)
        spent = _spent(totals[0], at)
        own, _ = _settled(await repository.limits_row(connection, user_id), at)
        caps = [v for v in await limit_sets.views(connection, user_id, Kind.SPEND, at)
                if v.holder == Holder.GUARDIAN]
        limits = stricter_windows([own, *(v.effective.windows for v in caps)])
        window = check_spend(limits, spent.day_coins, spent.week_coins, spent.month_coins,
                             amount_coins)
        if window is not None:
            limit_coins = limits.for_window(window) or 0
            used = (spent.day_coins, spent.week_coins, spent.month_coins)[WINDOWS.index(window)]
            left_coins = left_in(limits, window, used)
            set_by = "guardian" if any(
                v.effective.windows.for_window(window) == limit_coins for v in caps) else "self"
            whom = "your guardian" if set_by == "guardian" else "you"
            raise SpendingLimitExceeded(
                f"the {window} spending limit set by {whom} ({limit_coins} coins) would be "
                f"passed; {left_coins} coins are left in it", window=window,
                limit_coins=limit_coins, left_coins=left_coins, set_by=set_by)
        await repository.add_spend(connection, [(user_id, amount_coins)], window_keys(at), at)
        return Spent(spent.day_coins + amount_coins, spent.week_coins + amount_coins,
                     spent.month_coins + amount_coins, spent.lifetime_coins + amount_coins)

    async def uncount(
        self, uow: UnitOfWork, user_id: str, returned_coins: int, counted_at_ms: int,
        at_ms: int | None = None,
    ) -> None:
        """Coins counted as spent at `counted_at_ms` came back (a promotion's unspent budget):
        they leave the lifetime total (gifter levels) and the windows they were counted in,
        where those are still the current ones."""
        if returned_coins <= 0:
            return
        at = clock_ms() if at_ms is None else at_ms
        await repository.subtract_spend(await uow.connect(), user_id, returned_coins,
                                        window_keys(counted_at_ms), at)

    async def load_batch(
        self, connection: AsyncConnection, user_ids: Collection[str], at_ms: int, *,
        lock: bool = True,
    ) -> dict[str, tuple[SpendLimits, Spent]]:
        """Every user's limits in force and spend so far; their totals rows stay locked
        (unless `lock` is false: a batch decided ahead of its locks, `lock_spent` later).

        The gift writer's hot path (a thousand spenders a batch): the window keys are worked
        out once, and users without limits or spend share one immutable value each."""
        totals = await self._spent(connection, user_ids, at_ms, lock=lock)
        limits = {
            row.user_id: _settled(row, at_ms)[0]
            for row in await repository.limits_rows(connection, user_ids)
        }
        at_s = at_ms // MS_PER_SECOND
        for row in await repository.limit_set_rows(connection, user_ids, Kind.SPEND):
            if row.holder == Holder.GUARDIAN:  # a guardian's caps: the stricter wins
                caps = set_of_row(row, at_s)[0].windows
                limits[row.user_id] = stricter_windows([limits.get(row.user_id, SpendLimits()),
                                                        caps])
        no_limits, nothing = SpendLimits(), Spent()
        return {u: (limits.get(u, no_limits), totals.get(u, nothing)) for u in user_ids}

    async def lock_spent(
        self, connection: AsyncConnection, user_ids: Collection[str], at_ms: int
    ) -> dict[str, Spent]:
        """Every user's spend so far, their totals rows locked (as `load_batch` locks them)."""
        totals = await self._spent(connection, user_ids, at_ms, lock=True)
        nothing = Spent()
        return {u: totals.get(u, nothing) for u in user_ids}

    async def _spent(
        self, connection: AsyncConnection, user_ids: Collection[str], at_ms: int, *, lock: bool
    ) -> dict[str, Spent]:
        day, week, month = window_keys(at_ms)
        return {
            user_id: Spent(day_coins if day_key == day else 0,
                           week_coins if week_key == week else 0,
                           month_coins if month_key == month else 0, lifetime_coins)
            for user_id, day_key, day_coins, week_key, week_coins, month_key, month_coins,
            lifetime_coins in await repository.locked_totals(connection, user_ids, lock=lock)
        }

    async def count_batch(
        self, connection: AsyncConnection, spent_coins: Mapping[str, int], at_ms: int
    ) -> None:
        """Count what a batch spent, one set-based statement for every spender."""
        await repository.add_spend(
            connection, sorted(spent_coins.items()), window_keys(at_ms), at_ms
        )


def _limits_values(
    user_id: str, current: SpendLimits, pending: PendingRaise | None, at_ms: int
) -> dict[str, Any]:
    return {
        "user_id": user_id, "daily_coins": current.daily_coins,
        "weekly_coins": current.weekly_coins, "monthly_coins": current.monthly_coins,
        "pending": pending is not None,
        "pending_daily_coins": pending.limits.daily_coins if pending else None,
        "pending_weekly_coins": pending.limits.weekly_coins if pending else None,
        "pending_monthly_coins": pending.limits.monthly_coins if pending else None,
        "pending_effective_at_s": pending.effective_at_s if pending else None,
        "updated_at_ms": at_ms,
    }


spending = SpendingService()
