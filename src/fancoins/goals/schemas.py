"""Goals as the API takes and shows them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from fancoins.accounts.schemas import iso
from fancoins.goals.service import Goal
from fancoins.kit.text import SINGLE_LINE_PATTERN

GoalTitle = Annotated[str, StringConstraints(min_length=1, max_length=100,
                                             pattern=SINGLE_LINE_PATTERN)]
TARGET_MAX = 10**12  # a bound on what the API parses, far above any real goal


class GoalIn(BaseModel):
    """A goal for a LIVE: a number of coins gifted, or of sends of one gift."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: GoalTitle
    kind: Literal["coins", "gift_count"]
    target: int = Field(ge=1, le=TARGET_MAX)
    gift_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")] | None = \
        Field(default=None, description="the gift a gift_count goal counts")
    deadline: AwareDatetime | None = Field(
        default=None, strict=False,
        description="optional: the goal expires unmet at this time (with its UTC offset)")


class GoalOut(BaseModel):
    id: str
    stream_id: str
    creator_id: str
    title: str
    kind: str
    gift_id: str | None
    target: int
    progress: int
    status: Literal["queued", "active", "completed", "expired", "cancelled"]
    created_at: dt.datetime
    activated_at: dt.datetime | None
    deadline: dt.datetime | None
    ended_at: dt.datetime | None

    @classmethod
    def of(cls, goal: Goal) -> GoalOut:
        return cls(id=goal.id, stream_id=goal.stream_id, creator_id=goal.creator_id,
                   title=goal.title, kind=goal.kind, gift_id=goal.gift_id, target=goal.target,
                   progress=goal.progress, status=goal.status,
                   created_at=iso(goal.created_at_ms), activated_at=_at(goal.activated_at_ms),
                   deadline=_at(goal.deadline_at_ms), ended_at=_at(goal.ended_at_ms))


class GoalList(BaseModel):
    items: list[GoalOut]


def _at(ms: int | None) -> dt.datetime | None:
    return iso(ms) if ms is not None else None
