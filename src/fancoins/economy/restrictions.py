"""Freezes and transaction bans: what each scope blocks. A restriction of scope "all" (a
freeze) blocks everything; a ban blocks one kind of transaction. Hosting a LIVE is receiving
gifts, so a gifting ban stops it too."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from fancoins.economy.age import AgeAction


class RestrictionScope(enum.StrEnum):
    ALL = "all"
    GIFTING = "gifting"
    BUYING = "buying"
    PAYOUTS = "payouts"
    PROMOTIONS = "promotions"


_SCOPE_OF: dict[AgeAction, RestrictionScope] = {
    AgeAction.BUY: RestrictionScope.BUYING,
    AgeAction.SEND: RestrictionScope.GIFTING,
    AgeAction.RECEIVE: RestrictionScope.GIFTING,
    AgeAction.HOST: RestrictionScope.GIFTING,
    AgeAction.VIDEO_GIFT: RestrictionScope.GIFTING,
    AgeAction.PROMOTE: RestrictionScope.PROMOTIONS,
    AgeAction.WITHDRAW: RestrictionScope.PAYOUTS,
}


def blocks(scope: str, action: AgeAction) -> bool:
    """Whether a restriction of `scope` blocks `action`."""
    return scope == RestrictionScope.ALL or scope == _SCOPE_OF[action]


def blocked(scopes: Iterable[str], action: AgeAction) -> bool:
    return any(blocks(scope, action) for scope in scopes)
