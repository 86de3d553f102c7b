"""Promotions and deliveries as the API takes and shows them.

The economy file sets the real bounds (budget, days) and choices (objectives, age bands,
genders); the service checks them (422 promotion-invalid naming the field) and
`document_rules` writes them into the OpenAPI document, so the schema tells the truth."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints

from fancoins.accounts.schemas import Moment, Read
from fancoins.economy.promotions import Audience
from fancoins.economy.rules import EconomyConfig
from fancoins.kit.text import SingleLine

VideoId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:\-]{1,128}$")]
Label = Annotated[SingleLine, StringConstraints(min_length=1, max_length=64)]
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
    locations: Annotated[list[Label], Field(
        max_length=LIST_LEN_MAX, description="ISO 3166-1 alpha-2 country codes")] = []

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


class AudienceOut(Read):
    mode: str
    age_bands: list[str]
    genders: list[str]
    interests: list[str]
    locations: list[str]


class ResultsOut(Read):
    views: int
    followers: int
    profile_visits: int


class PromotionOut(Read):
    id: uuid.UUID
    user_id: str
    video_id: str
    objective: str
    audience: AudienceOut
    status: str = Field(description="active, completed (budget spent), ended or canceled")
    budget_coins: int
    spent_coins: int = Field(validation_alias="charged_coins")
    held_coins: int
    returned_coins: int
    days: int
    reach_low_views: int
    reach_high_views: int
    results: ResultsOut
    starts_at: Moment = Field(validation_alias="starts_at_ms")
    ends_at: Moment = Field(validation_alias="ends_at_ms")
    settled_at: Moment | None = Field(validation_alias="settled_at_ms")


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(max_length=500)] = Field(
        "", description="Why (required of an operator canceling a user's promotion; audited)")


class PromotionPage(BaseModel):
    items: list[PromotionOut]
    next_cursor: str | None


class DeliveryOut(Read):
    id: uuid.UUID
    cost_coins: int
    charged_coins: int
    promotion: PromotionOut


def document_rules(openapi: dict[str, Any], economy: EconomyConfig) -> None:
    """Write the economy's promotion bounds and choices into the OpenAPI document."""
    schemas = openapi.get("components", {}).get("schemas", {})
    rules = economy.promotions
    promotion = schemas.get("PromotionIn", {}).get("properties", {})
    if promotion:
        promotion["budget_coins"].update(minimum=rules.min_budget_coins,
                                         maximum=rules.max_budget_coins)
        promotion["days"].update(minimum=rules.min_days, maximum=rules.max_days)
        promotion["objective"]["enum"] = list(rules.objectives)
    audience = schemas.get("AudienceIn", {}).get("properties", {})
    if audience:
        audience["age_bands"]["items"]["enum"] = list(rules.age_bands)
        audience["genders"]["items"]["enum"] = list(rules.genders)
        audience["interests"]["maxItems"] = rules.interests_max
        audience["locations"]["maxItems"] = rules.locations_max
        audience["locations"]["items"]["pattern"] = "^[A-Z]{2}$"
