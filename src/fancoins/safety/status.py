"""The truthful status: every restriction in force on a user, each saying what it blocks,
why and until when — never "OK" while anything stops them. The user reads it (`/v1/me/status`)
and the operator sees the same object on the user's page.

Kinds: `frozen` (scope "all"), `banned` (one scope: gifting, buying, payouts, promotions),
`minor` (too young for an action where they live: scope is the action, `until` the day they
reach the age), `age-unknown` (no known age: nothing that needs one is allowed),
`negative-balance` (a refund took back coins already spent), `guardian-caps` (a guardian caps
or switched off their spending or buying).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.accounts.service import reader
from fancoins.economy.age import ACTION_WORDS, AgeAction, AgeVerdict
from fancoins.economy.limits import WINDOWS
from fancoins.economy.restrictions import RestrictionScope
from fancoins.economy.rules import EconomyConfig
from fancoins.identity.service import User, users
from fancoins.kit.clock import MS_PER_DAY, now_ms
from fancoins.ledger import chart
from fancoins.safety.eligibility import eligibility
from fancoins.safety.limits import Holder, Kind, SetView, limit_sets
from fancoins.safety.restrictions import Restriction, restrictions

# Everyone's actions, and those that matter only to creators.
_EVERYONE = (AgeAction.BUY, AgeAction.SEND, AgeAction.VIDEO_GIFT, AgeAction.PROMOTE)
_CREATORS = (AgeAction.RECEIVE, AgeAction.HOST, AgeAction.WITHDRAW)
_SCOPE_WORDS = {Kind.SPEND: "gifting", Kind.BUY: "buying"}
_UNITS = {"daily": "a day", "weekly": "a week", "monthly": "a month"}


@dataclass(frozen=True, slots=True)
class StatusEntry:
    kind: str
    scope: str
    reason: str
    until_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Status:
    user_id: str
    restrictions: list[StatusEntry]

    @property
    def ok(self) -> bool:
        return not self.restrictions


def _of_restriction(r: Restriction) -> StatusEntry:
    kind = "frozen" if r.scope == RestrictionScope.ALL else "banned"
    return StatusEntry(kind, r.scope, r.reason, r.until_ms)


def _day_ms(day: dt.date | None) -> int | None:
    if day is None:
        return None
    return (day - dt.date(1970, 1, 1)).days * MS_PER_DAY


def _of_ages(user: User, verdicts: Sequence[AgeVerdict]) -> list[StatusEntry]:
    refused = [v for v in verdicts if not v.allowed]
    if not refused:
        return []
    if not refused[0].age_known:
        words = ", ".join(ACTION_WORDS[v.action] for v in refused)
        return [StatusEntry("age-unknown", "all",
                            f"no known age: {words} need an age the host has verified")]
    blocked = {v.action for v in refused}
    return [StatusEntry("minor", v.action.value, v.sentence(user.country), _day_ms(v.of_age_on))
            for v in refused
            # Gifts on videos need sending anyway: say it once.
            if not (v.action is AgeAction.VIDEO_GIFT and AgeAction.SEND in blocked)]


def _caps_sentence(view: SetView) -> str:
    what = "spending coins" if view.kind == Kind.SPEND else "buying coins"
    if view.effective.off:
        return f"your guardian switched off {what}"
    unit = "coins" if view.kind == Kind.SPEND else view.effective.currency or ""
    parts = [f"{value} {unit} {_UNITS[w]}" for w in WINDOWS
             if (value := view.effective.windows.for_window(w)) is not None]
    return f"your guardian caps {what} at " + ", ".join(parts)


class StatusService:
    async def restrictions(
        self, connection: AsyncConnection, user_id: str, at_ms: int | None = None
    ) -> list[StatusEntry]:
        """The freezes and bans in force on the user, as the status shows them."""
        return [_of_restriction(r) for r in await restrictions.in_force(connection, user_id,
                                                                        at_ms)]

    async def status(
        self, connection: AsyncConnection, user_id: str, economy: EconomyConfig,
        at_ms: int | None = None,
    ) -> Status:
        """Raises `UserNotFound`."""
        at = now_ms() if at_ms is None else at_ms
        user = await users.get(connection, user_id)
        entries = await self.restrictions(connection, user_id, at)
        actions = (*_EVERYONE, *_CREATORS) if user.is_creator else _EVERYONE
        verdicts = [await eligibility.age(connection, user, a, economy, at) for a in actions]
        entries.extend(_of_ages(user, verdicts))
        wallet = await reader.account(connection, chart.user_coins(user_id), None, True)
        if wallet.balance < 0:
            entries.append(StatusEntry(
                "negative-balance", "spending",
                f"a refund took back coins already spent: no gifts or promotions until a "
                f"purchase repays {-wallet.balance} coins"))
        for kind in Kind:
            caps = await limit_sets.view(connection, user_id, Holder.GUARDIAN, kind, at)
            if not caps.effective.empty:
                entries.append(StatusEntry("guardian-caps", _SCOPE_WORDS[kind],
                                           _caps_sentence(caps)))
        return Status(user_id, entries)


status_service = StatusService()
