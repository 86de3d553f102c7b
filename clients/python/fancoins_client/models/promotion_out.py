from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audience_out import AudienceOut
    from ..models.results_out import ResultsOut


T = TypeVar("T", bound="PromotionOut")


@_attrs_define
class PromotionOut:
    """
    Attributes:
        id (UUID):
        user_id (str):
        video_id (str):
        objective (str):
        audience (AudienceOut):
        status (str): active, completed (budget spent), ended or canceled
        budget_coins (int):
        spent_coins (int):
        held_coins (int):
        returned_coins (int):
        days (int):
        reach_low_views (int):
        reach_high_views (int):
        results (ResultsOut):
        starts_at (datetime.datetime):
        ends_at (datetime.datetime):
        settled_at (datetime.datetime | None):
    """

    id: UUID
    user_id: str
    video_id: str
    objective: str
    audience: AudienceOut
    status: str
    budget_coins: int
    spent_coins: int
    held_coins: int
    returned_coins: int
    days: int
    reach_low_views: int
    reach_high_views: int
    results: ResultsOut
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    settled_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        user_id = self.user_id

        video_id = self.video_id

        objective = self.objective

        audience = self.audience.to_dict()

        status = self.status

        budget_coins = self.budget_coins

        spent_coins = self.spent_coins

        held_coins = self.held_coins

        returned_coins = self.returned_coins

        days = self.days

        reach_low_views = self.reach_low_views

        reach_high_views = self.reach_high_views

        results = self.results.to_dict()

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        settled_at: None | str
        if isinstance(self.settled_at, datetime.datetime):
            settled_at = self.settled_at.isoformat()
        else:
            settled_at = self.settled_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "user_id": user_id,
                "video_id": video_id,
                "objective": objective,
                "audience": audience,
                "status": status,
                "budget_coins": budget_coins,
                "spent_coins": spent_coins,
                "held_coins": held_coins,
                "returned_coins": returned_coins,
                "days": days,
                "reach_low_views": reach_low_views,
                "reach_high_views": reach_high_views,
                "results": results,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "settled_at": settled_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.audience_out import AudienceOut
        from ..models.results_out import ResultsOut

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        user_id = d.pop("user_id")

        video_id = d.pop("video_id")

        objective = d.pop("objective")

        audience = AudienceOut.from_dict(d.pop("audience"))

        status = d.pop("status")

        budget_coins = d.pop("budget_coins")

        spent_coins = d.pop("spent_coins")

        held_coins = d.pop("held_coins")

        returned_coins = d.pop("returned_coins")

        days = d.pop("days")

        reach_low_views = d.pop("reach_low_views")

        reach_high_views = d.pop("reach_high_views")

        results = ResultsOut.from_dict(d.pop("results"))

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        def _parse_settled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                settled_at_type_0 = datetime.datetime.fromisoformat(data)

                return settled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        settled_at = _parse_settled_at(d.pop("settled_at"))

        promotion_out = cls(
            id=id,
            user_id=user_id,
            video_id=video_id,
            objective=objective,
            audience=audience,
            status=status,
            budget_coins=budget_coins,
            spent_coins=spent_coins,
            held_coins=held_coins,
            returned_coins=returned_coins,
            days=days,
            reach_low_views=reach_low_views,
            reach_high_views=reach_high_views,
            results=results,
            starts_at=starts_at,
            ends_at=ends_at,
            settled_at=settled_at,
        )

        promotion_out.additional_properties = d
        return promotion_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
