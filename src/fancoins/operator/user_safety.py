"""What keeps one user's spending safe, as the operator's user page reads it: their own coin
limits and what they spent, their own buying limits, a guardian's caps, what they bought in
each window the platform's purchase caps and the buying limits count, and their guardian
links both ways. Each part is read through its own domain's service."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.config import Settings
from fancoins.identity.service import users
from fancoins.purchases.service import BuyingUse, purchases
from fancoins.safety.guardians import GuardianLink, guardians
from fancoins.safety.limits import Holder, Kind, SetView, limit_sets
from fancoins.safety.service import LimitsView, spending


@dataclass(frozen=True, slots=True)
class UserSafety:
    user_id: str
    spending: LimitsView
    spending_caps: SetView  # a guardian's, on coins spent
    buying_limits: SetView  # the user's own, on money spent buying coins
    buying_caps: SetView  # a guardian's, on money spent buying coins
    bought: list[BuyingUse]
    guardians: list[GuardianLink]  # who guards this user
    minors: list[GuardianLink]  # whom this user guards


async def user_safety(connection: AsyncConnection, settings: Settings, user_id: str
                      ) -> UserSafety:
    """Raises `UserNotFound`."""
    await users.get(connection, user_id)
    return UserSafety(
        user_id=user_id,
        spending=await spending.view(connection, user_id),
        spending_caps=await limit_sets.view(connection, user_id, Holder.GUARDIAN, Kind.SPEND),
        buying_limits=await limit_sets.view(connection, user_id, Holder.SELF, Kind.BUY),
        buying_caps=await limit_sets.view(connection, user_id, Holder.GUARDIAN, Kind.BUY),
        bought=await purchases.buying_use(connection, settings, user_id),
        guardians=await guardians.guardians_of(connection, user_id),
        minors=await guardians.links_of_guardian(connection, user_id),
    )
