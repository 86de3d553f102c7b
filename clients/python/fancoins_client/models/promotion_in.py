from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.promotion_in_objective import PromotionInObjective
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audience_in import AudienceIn


T = TypeVar("T", bound="PromotionIn")


@_attrs_define
class PromotionIn:
    """
    Attributes:
        video_id (str):
        budget_coins (int):
        days (int):
        objective (PromotionInObjective):
        audience (AudienceIn | Unset):
    """

    video_id: str
    budget_coins: int
    days: int
    objective: PromotionInObjective
    audience: AudienceIn | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        video_id = self.video_id

        budget_coins = self.budget_coins

        days = self.days

        objective = self.objective.value

        audience: dict[str, Any] | Unset = UNSET
        if not isinstance(self.audience, Unset):
            audience = self.audience.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "video_id": video_id,
                "budget_coins": budget_coins,
                "days": days,
                "objective": objective,
            }
        )
        if audience is not UNSET:
            field_dict["audience"] = audience

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.audience_in import AudienceIn

        d = dict(src_dict)
        video_id = d.pop("video_id")

        budget_coins = d.pop("budget_coins")

        days = d.pop("days")

        objective = PromotionInObjective(d.pop("objective"))

        _audience = d.pop("audience", UNSET)
        audience: AudienceIn | Unset
        if isinstance(_audience, Unset):
            audience = UNSET
        else:
            audience = AudienceIn.from_dict(_audience)

        promotion_in = cls(
            video_id=video_id,
            budget_coins=budget_coins,
            days=days,
            objective=objective,
            audience=audience,
        )

        return promotion_in
