"""Fan clubs as the API shows them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from fancoins.accounts.schemas import iso
from fancoins.fanclubs.service import Member


class MemberOut(BaseModel):
    creator_id: str
    member_id: str
    display_name: str
    level: int = Field(ge=1)
    points: int
    gift_coins: int
    watch_minutes: int
    joined_at: dt.datetime
    last_active_at: dt.datetime
    lapses_at: dt.datetime = Field(description="without activity until then, it lapses")
    active: bool

    @classmethod
    def of(cls, member: Member) -> MemberOut:
        return cls(creator_id=member.creator_id, member_id=member.member_id,
                   display_name=member.display_name, level=member.level, points=member.points,
                   gift_coins=member.gift_coins, watch_minutes=member.watch_minutes,
                   joined_at=iso(member.joined_at_ms),
                   last_active_at=iso(member.last_active_ms),
                   lapses_at=iso(member.lapses_at_ms), active=member.active)


class MemberPage(BaseModel):
    items: list[MemberOut]
    next_cursor: str | None


class FanClubOut(BaseModel):
    """How a creator's fan club works, and the caller's own membership."""

    creator_id: str
    gift_id: str = Field(description="sending this gift to the creator joins the club")
    lapse_days: int
    level_points: list[int] = Field(description="points reaching levels 2, 3, ...")
    membership: MemberOut | None = Field(description="yours, if you ever joined")


class MyClubs(BaseModel):
    items: list[MemberOut]
