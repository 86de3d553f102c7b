from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MemberOut")


@_attrs_define
class MemberOut:
    """
    Attributes:
        creator_id (str):
        member_id (str):
        display_name (str):
        level (int):
        points (int):
        gift_coins (int):
        watch_minutes (int):
        joined_at (datetime.datetime):
        last_active_at (datetime.datetime):
        lapses_at (datetime.datetime): without activity until then, it lapses
        active (bool):
    """

    creator_id: str
    member_id: str
    display_name: str
    level: int
    points: int
    gift_coins: int
    watch_minutes: int
    joined_at: datetime.datetime
    last_active_at: datetime.datetime
    lapses_at: datetime.datetime
    active: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        member_id = self.member_id

        display_name = self.display_name

        level = self.level

        points = self.points

        gift_coins = self.gift_coins

        watch_minutes = self.watch_minutes

        joined_at = self.joined_at.isoformat()

        last_active_at = self.last_active_at.isoformat()

        lapses_at = self.lapses_at.isoformat()

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "member_id": member_id,
                "display_name": display_name,
                "level": level,
                "points": points,
                "gift_coins": gift_coins,
                "watch_minutes": watch_minutes,
                "joined_at": joined_at,
                "last_active_at": last_active_at,
                "lapses_at": lapses_at,
                "active": active,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        member_id = d.pop("member_id")

        display_name = d.pop("display_name")

        level = d.pop("level")

        points = d.pop("points")

        gift_coins = d.pop("gift_coins")

        watch_minutes = d.pop("watch_minutes")

        joined_at = datetime.datetime.fromisoformat(d.pop("joined_at"))

        last_active_at = datetime.datetime.fromisoformat(d.pop("last_active_at"))

        lapses_at = datetime.datetime.fromisoformat(d.pop("lapses_at"))

        active = d.pop("active")

        member_out = cls(
            creator_id=creator_id,
            member_id=member_id,
            display_name=display_name,
            level=level,
            points=points,
            gift_coins=gift_coins,
            watch_minutes=watch_minutes,
            joined_at=joined_at,
            last_active_at=last_active_at,
            lapses_at=lapses_at,
            active=active,
        )

        member_out.additional_properties = d
        return member_out

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
