from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.member_out import MemberOut


T = TypeVar("T", bound="FanClubOut")


@_attrs_define
class FanClubOut:
    """How a creator's fan club works, and the caller's own membership.

    Attributes:
        creator_id (str):
        gift_id (str): sending this gift to the creator joins the club
        lapse_days (int):
        level_points (list[int]): points reaching levels 2, 3, ...
        membership (MemberOut | None): yours, if you ever joined
    """

    creator_id: str
    gift_id: str
    lapse_days: int
    level_points: list[int]
    membership: MemberOut | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.member_out import MemberOut

        creator_id = self.creator_id

        gift_id = self.gift_id

        lapse_days = self.lapse_days

        level_points = self.level_points

        membership: dict[str, Any] | None
        if isinstance(self.membership, MemberOut):
            membership = self.membership.to_dict()
        else:
            membership = self.membership

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "gift_id": gift_id,
                "lapse_days": lapse_days,
                "level_points": level_points,
                "membership": membership,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.member_out import MemberOut

        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        gift_id = d.pop("gift_id")

        lapse_days = d.pop("lapse_days")

        level_points = cast(list[int], d.pop("level_points"))

        def _parse_membership(data: object) -> MemberOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                membership_type_0 = MemberOut.from_dict(data)

                return membership_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberOut | None, data)

        membership = _parse_membership(d.pop("membership"))

        fan_club_out = cls(
            creator_id=creator_id,
            gift_id=gift_id,
            lapse_days=lapse_days,
            level_points=level_points,
            membership=membership,
        )

        fan_club_out.additional_properties = d
        return fan_club_out

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
