"""Limit sets: a guardian's caps on a minor's spending (coins) and buying (money), and a
user's own buying limits. Tightening applies at once, loosening (a higher limit, none, or a
set in another currency) after the cooling-off (`economy.limits.plan_set_change`).

Buying is counted per UTC day, ISO week and calendar month, like spending: the purchases
domain, which keeps the purchases, says what was bought since each window began
(`window_starts`) and asks `check_buy` before it opens a checkout or credits a store purchase.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.economy.limits import (
    WINDOWS,
    LimitSet,
    PendingSet,
    SpendLimits,
    Window,
    check_spend,
    left_in,
    plan_set_change,
    settle_set,
    stricter_windows,
)
from fancoins.journal.idempotency import idempotent
from fancoins.kit.clock import MS_PER_DAY, MS_PER_SECOND, now_ms
from fancoins.kit.hashing import scoped_key
from fancoins.kit.money import format_money
from fancoins.ledger.assets import CURRENCY_EXPONENTS
from fancoins.safety import repository
from fancoins.safety.errors import LimitCurrencyMismatch, SpendingLimitExceeded
from fancoins.safety.events import LimitsChanged
from fancoins.safety.repository import LimitSetRow

SET_SCOPE = "limit_set_put"
# 1970-01-01 was a Thursday: shifting by three days makes weeks start on Mondays.
_MONDAY_SHIFT_DAYS = 3


class Holder(enum.StrEnum):
    SELF = "self"
    GUARDIAN = "guardian"


class Kind(enum.StrEnum):
    SPEND = "spend"  # coins spent on gifts and promotions
    BUY = "buy"  # money spent buying coins


@dataclass(frozen=True, slots=True)
class SetView:
    """A set in force, a loosening still cooling off, and who last changed it."""

    holder: str
    kind: str
    effective: LimitSet
    pending: PendingSet | None
    updated_by: str | None

    @property
    def off(self) -> bool:
        return self.effective.off


def window_starts(at_ms: int) -> tuple[int, int, int]:
    """When the current UTC day, ISO week (Monday) and calendar month began (epoch ms)."""
    day = at_ms // MS_PER_DAY
    week = day - (day + _MONDAY_SHIFT_DAYS) % 7
    date = dt.date(1970, 1, 1) + dt.timedelta(days=day)
    month = (dt.date(date.year, date.month, 1) - dt.date(1970, 1, 1)).days
    return day * MS_PER_DAY, week * MS_PER_DAY, month * MS_PER_DAY


def set_of_row(row: LimitSetRow | None, at_s: int) -> tuple[LimitSet, PendingSet | None]:
    if row is None:
        return LimitSet(), None
    current = LimitSet(SpendLimits(row.daily, row.weekly, row.monthly), row.currency)
    pending = None
    if row.pending:
        pending = PendingSet(
            LimitSet(SpendLimits(row.pending_daily, row.pending_weekly, row.pending_monthly),
                     row.pending_currency),
            row.pending_effective_at_s or 0)
    return settle_set(current, pending, at_s)


def _values(user_id: str, holder: Holder, kind: Kind, current: LimitSet,
            pending: PendingSet | None, actor: str, at_ms: int) -> dict[str, Any]:
    later = pending.limits if pending else None
    return {
        "user_id": user_id, "holder": holder.value, "kind": kind.value,
        "currency": current.currency, "daily": current.windows.daily_coins,
        "weekly": current.windows.weekly_coins, "monthly": current.windows.monthly_coins,
        "pending": pending is not None,
        "pending_currency": later.currency if later else None,
        "pending_daily": later.windows.daily_coins if later else None,
        "pending_weekly": later.windows.weekly_coins if later else None,
        "pending_monthly": later.windows.monthly_coins if later else None,
        "pending_effective_at_s": pending.effective_at_s if pending else None,
        "updated_by": actor, "updated_at_ms": at_ms,
    }


def _binding_holder(views: Sequence[SetView], window: Window, limit: int) -> str:
    """Who set the limit that binds in `window` (a guardian's when both are equal)."""
    holders = [v.holder for v in views if v.effective.windows.for_window(window) == limit]
    return Holder.GUARDIAN.value if Holder.GUARDIAN.value in holders else (
        holders[0] if holders else Holder.SELF.value)


class LimitSetService:
    async def view(
        self, connection: AsyncConnection, user_id: str, holder: Holder, kind: Kind,
        at_ms: int | None = None,
    ) -> SetView:
        at = now_ms() if at_ms is None else at_ms
        row = await repository.limit_set_row(connection, user_id, holder.value, kind.value)
        effective, pending = set_of_row(row, at // MS_PER_SECOND)
        return SetView(holder.value, kind.value, effective, pending,
                       row.updated_by if row else None)

    async def views(
        self, connection: AsyncConnection, user_id: str, kind: Kind, at_ms: int | None = None,
    ) -> list[SetView]:
        """Every holder's set of `kind` on the user (those never set left out)."""
        at = now_ms() if at_ms is None else at_ms
        return [SetView(row.holder, row.kind, *set_of_row(row, at // MS_PER_SECOND),
                        row.updated_by)
                for row in await repository.limit_set_rows(connection, [user_id], kind.value)]

    async def buy_limited(
        self, connection: AsyncConnection, user_ids: Collection[str], at_ms: int
    ) -> set[str]:
        """Those of `user_ids` with a buying limit in force (their own or a guardian's): one
        read for them all; only theirs need `check_buy`."""
        rows = await repository.limit_set_rows(connection, user_ids, Kind.BUY.value)
        return {row.user_id for row in rows
                if not set_of_row(row, at_ms // MS_PER_SECOND)[0].empty}

    async def put(
        self, uow: UnitOfWork, *, user_id: str, holder: Holder, kind: Kind,
        requested: LimitSet, actor: str, cooling_off_s: int,
        idempotency_key: str | None = None,
    ) -> SetView:
        """Set all three windows (and the currency, for buying). With a key, a retry answers
        the first answer and changes nothing."""
        async def run() -> SetView:
            return await self._put(uow, user_id, holder, kind, requested, actor, cooling_off_s)

        if idempotency_key is None:
            return await run()
        windows = requested.windows
        request = {"user_id": user_id, "holder": holder.value, "kind": kind.value,
                   "currency": requested.currency, "daily": windows.daily_coins,
                   "weekly": windows.weekly_coins, "monthly": windows.monthly_coins}
        answer = await idempotent(uow, SET_SCOPE, scoped_key(actor, idempotency_key), request,
                                  run, SetView)
        return answer.value

    async def _put(
        self, uow: UnitOfWork, user_id: str, holder: Holder, kind: Kind, requested: LimitSet,
        actor: str, cooling_off_s: int,
    ) -> SetView:
        connection = await uow.connect()
        at = now_ms()
        row = await repository.limit_set_row(connection, user_id, holder.value, kind.value,
                                             lock=True)
        current, pending = set_of_row(row, at // MS_PER_SECOND)
        effective, later = plan_set_change(current, requested, pending, at // MS_PER_SECOND,
                                           cooling_off_s)
        await repository.save_limit_set(
            connection, _values(user_id, holder, kind, effective, later, actor, at))
        if (effective, later) != (current, pending):
            uow.emit(LimitsChanged(user_id, holder.value, kind.value, actor,
                                   later.effective_at_s * MS_PER_SECOND if later else at))
        return SetView(holder.value, kind.value, effective, later, actor)

    async def remove_holder(self, uow: UnitOfWork, user_id: str, holder: Holder) -> None:
        """Forget every set `holder` made on the user (the last guardian was unlinked)."""
        await repository.delete_limit_sets(await uow.connect(), user_id, holder.value)

    async def check_buy(
        self, connection: AsyncConnection, user_id: str, currency: str, amount_minor: int,
        bought_minor: tuple[int, int, int], at_ms: int | None = None,
    ) -> None:
        """Refuse buying for `amount_minor` of `currency` when it passes the user's own or a
        guardian's buying limit, given what was bought since each window began (per
        `window_starts`). Raises `SpendingLimitExceeded` (which window, how much is left,
        who set it) or `LimitCurrencyMismatch`."""
        views = [v for v in await self.views(connection, user_id, Kind.BUY, at_ms)
                 if not v.effective.empty]
        for view in views:
            if view.effective.currency != currency:
                raise LimitCurrencyMismatch(
                    f"the {view.holder} buying limit is in {view.effective.currency}; a "
                    f"purchase in {currency} cannot be checked against it",
                    limit_currency=view.effective.currency, currency=currency,
                    set_by=view.holder)
        if not views:
            return
        limits = stricter_windows([v.effective.windows for v in views])
        window = check_spend(limits, *bought_minor, amount_minor)
        if window is None:
            return
        limit_minor = limits.for_window(window) or 0
        left_minor = left_in(limits, window, bought_minor[WINDOWS.index(window)])
        set_by = _binding_holder(views, window, limit_minor)
        raise SpendingLimitExceeded(
            f"the {window} buying limit set by {_whom(set_by)} "
            f"({_money(limit_minor, currency)}) would be passed; "
            f"{_money(left_minor, currency)} is left in it",
            window=window, limit_minor=limit_minor, left_minor=left_minor, currency=currency,
            set_by=set_by)


def _money(amount_minor: int, currency: str) -> str:
    return format_money(amount_minor, currency, CURRENCY_EXPONENTS.get(currency, 2))


def _whom(holder: str) -> str:
    return "your guardian" if holder == Holder.GUARDIAN else "you"


limit_sets = LimitSetService()
