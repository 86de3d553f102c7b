"""Battles as the API takes and shows them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fancoins.accounts.schemas import iso
from fancoins.battles.service import Battle
from fancoins.economy.contests import BATTLE_CREATORS_MAX, SIDES
from fancoins.identity.schemas import UserId

Side = Literal["a", "b"]


class BattleIn(BaseModel):
    """Invite creators to a LIVE match: you and `teammates` (side a) against `opponents`
    (side b), at most four creators, every one of them LIVE."""

    model_config = ConfigDict(extra="forbid", strict=True)

    opponents: list[UserId] = Field(min_length=1, max_length=BATTLE_CREATORS_MAX - 1)
    teammates: list[UserId] = Field(default=[], max_length=BATTLE_CREATORS_MAX - 2)
    duration_s: int | None = Field(default=None, ge=1, le=86_400,
                                   description="default: the server's battles.duration_s")
    # Only for an API key with streams:write inviting for a creator.
    creator_id: UserId | None = None


class BattleAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    creator_id: UserId | None = None  # as for BattleIn


class BattleCreatorOut(BaseModel):
    id: str
    display_name: str
    stream_id: str | None
    accepted: bool
    score_coins: int


class SupporterOut(BaseModel):
    user_id: str
    display_name: str
    coins: int


class BattleSideOut(BaseModel):
    side: Side
    score_coins: int = Field(description="coins gifted to the side's creators in the battle "
                             "(exact from the ledger once the battle ended)")
    creators: list[BattleCreatorOut]
    supporters: list[SupporterOut] = Field(description="top supporters, most coins first")


class BattleOut(BaseModel):
    id: str
    status: Literal["invited", "running", "ended", "declined", "expired"]
    inviter_id: str
    duration_s: int
    invited_at: dt.datetime
    invite_expires_at: dt.datetime
    started_at: dt.datetime | None
    ends_at: dt.datetime | None
    ended_at: dt.datetime | None
    result: Literal["win", "draw"] | None = Field(description="once ended")
    winner_side: Side | None
    sides: list[BattleSideOut]

    @classmethod
    def of(cls, battle: Battle) -> BattleOut:
        result: Literal["win", "draw"] | None = None
        if battle.status == "ended":
            result = "draw" if battle.winner_side is None else "win"
        return cls(
            id=battle.id, status=battle.status,
            inviter_id=battle.inviter_id, duration_s=battle.duration_s,
            invited_at=iso(battle.invited_at_ms),
            invite_expires_at=iso(battle.invite_expires_at_ms),
            started_at=_at(battle.started_at_ms), ends_at=_at(battle.ends_at_ms),
            ended_at=_at(battle.ended_at_ms), result=result,
            winner_side=battle.winner_side,
            sides=[BattleSideOut(
                side=side, score_coins=battle.side_score(side),
                creators=[BattleCreatorOut(id=p.creator_id, display_name=p.display_name,
                                           stream_id=p.stream_id, accepted=p.accepted,
                                           score_coins=p.score_coins)
                          for p in battle.participants if p.side == side],
                supporters=[SupporterOut(user_id=s.user_id, display_name=s.display_name,
                                         coins=s.coins)
                            for s in battle.supporters.get(side, ())],
            ) for side in SIDES],
        )


class BattlePage(BaseModel):
    items: list[BattleOut]
    next_cursor: str | None


def _at(ms: int | None) -> dt.datetime | None:
    return iso(ms) if ms is not None else None
