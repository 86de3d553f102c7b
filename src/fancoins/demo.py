"""The demo economy `make run` loads: a few viewers and creators, funded by an audited grant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.uow import unit
from fancoins.gifts.demo import load_demo_gifts
from fancoins.identity.service import users
from fancoins.operator.service import operator

DEMO_ACTOR = "demo-loader"


@dataclass(frozen=True, slots=True)
class DemoUser:
    id: str
    display_name: str
    country: str
    birth_date: dt.date
    is_creator: bool = False
    grant_coins: int = 0


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("alice", "Alice", "US", dt.date(1995, 4, 2), grant_coins=5_000),
    DemoUser("bob", "Bob", "GB", dt.date(1988, 11, 20), grant_coins=1_200),
    DemoUser("chen", "Chen", "DE", dt.date(2001, 7, 9), grant_coins=300),
    # A minor: the age rules refuse their purchases and gifts.
    DemoUser("teen-tim", "Tim", "US", dt.date(2012, 3, 1)),
    DemoUser("maya", "Maya Live", "US", dt.date(1993, 1, 15), is_creator=True),
    DemoUser("leo", "Leo Plays", "BR", dt.date(1999, 6, 30), is_creator=True),
)


async def load_demo(engine: AsyncEngine) -> list[DemoUser]:
    """Create the demo users and fund the viewers. Safe to run again: nothing is doubled."""
    async with unit(engine) as uow:
        for user in DEMO_USERS:
            await users.upsert(
                uow, user.id, display_name=user.display_name, country=user.country,
                birth_date=user.birth_date, is_creator=user.is_creator,
            )
            if user.grant_coins:
                await operator.adjust_coins(
                    uow, actor=DEMO_ACTOR, user_id=user.id, amount_coins=user.grant_coins,
                    reason="demo economy seed", idempotency_key=f"demo:grant:{user.id}",
                )
    await load_demo_gifts(engine)  # Maya LIVE, with gifts from Alice and Bob
    return list(DEMO_USERS)
