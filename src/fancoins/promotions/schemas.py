"""Promotions and deliveries as the API shows them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints

from fancoins.accounts.schemas import iso
from fancoins.economy.promotions import Audience
from fancoins.promotions.service import Delivery, Promotion

VideoId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:\-]{1,128}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=64)]
# Request bounds only stop absurd payloads; the economy's rules give the real limits.
LIST_LEN_MAX = 1000
# Per delivery report: far above what an ad server reports at once, far below overflow.
COUNT_MAX = 1_000_000_000
Count = Annotated[StrictInt, Field(ge=0, le=COUNT_MAX)]


class AudienceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["automatic", "custom"] = "automatic"
    age_bands: Annotated[list[Label], Field(max_length=LIST_LEN_MAX)] = []
    genders: Annotated[list[Label], Field(max_length=LIST_LEN_MAX)] = []
    interests: Annotated[list[Label], Field(max_length=LIST_LEN_MAX)] = []
    locations: Annotated[list[Label], Field(max_length=LIST_LEN_MAX)] = []

    def to_audience(self) -> Audience:
        return Audience(self.mode, tuple(self.age_bands), tuple(self.genders),
                        tuple(self.interests), tuple(self.locations))


class PromotionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    video_id: VideoId
    budget_coins: Annotated[StrictInt, Field(ge=1, le=COUNT_MAX)]
    days: Annotated[StrictInt, Field(ge=1, le=366)]
    objective: Label
    audience: AudienceIn = AudienceIn()


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    views: Count = 0
    followers: Count = 0
    profile_visits: Count = 0
    cost_coins: Count = Field(default=0, description="What the ad server says this delivery "
                              "cost; the charge never passes the budget.")


class AudienceOut(BaseModel):
    mode: str
    age_bands: list[str]
    genders: list[str]
    interests: list[str]
    locations: list[str]


class ResultsOut(BaseModel):
    views: int
    followers: int
    profile_visits: int


class PromotionOut(BaseModel):
    id: uuid.UUID
    user_id: str
    video_id: str
    objective: str
    audience: AudienceOut
    status: str = Field(description="active, completed (budget spent), ended or canceled")
    budget_coins: int
    spent_coins: int
    held_coins: int
    returned_coins: int
    days: int
    reach_low_views: int
    reach_high_views: int
    results: ResultsOut
    starts_at: dt.datetime
    ends_at: dt.datetime
    settled_at: dt.datetime | None

    @classmethod
    def of(cls, p: Promotion) -> PromotionOut:
        return cls(
            id=p.id, user_id=p.user_id, video_id=p.video_id, objective=p.objective,
            audience=AudienceOut(**p.audience), status=p.status, budget_coins=p.budget_coins,
            spent_coins=p.charged_coins, held_coins=p.held_coins,
            returned_coins=p.returned_coins, days=p.days, reach_low_views=p.reach_low_views,
            reach_high_views=p.reach_high_views,
            results=ResultsOut(views=p.views, followers=p.followers,
                               profile_visits=p.profile_visits),
            starts_at=iso(p.starts_at_ms), ends_at=iso(p.ends_at_ms),
            settled_at=iso(p.settled_at_ms) if p.settled_at_ms is not None else None,
        )


class PromotionPage(BaseModel):
    items: list[PromotionOut]
    next_cursor: str | None


class DeliveryOut(BaseModel):
    id: uuid.UUID
    cost_coins: int
    charged_coins: int
    promotion: PromotionOut

    @classmethod
    def of(cls, d: Delivery) -> DeliveryOut:
        return cls(id=d.id, cost_coins=d.cost_coins, charged_coins=d.charged_coins,
                   promotion=PromotionOut.of(d.promotion))
