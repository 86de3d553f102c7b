from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VideoDetailOut")


@_attrs_define
class VideoDetailOut:
    """
    Attributes:
        id (str):
        creator_id (str):
        caption (str):
        created_at (datetime.datetime):
        creator_name (str):
        comments_count (int):
        gifts_count (int):
        coins (int):
        diamonds (int):
    """

    id: str
    creator_id: str
    caption: str
    created_at: datetime.datetime
    creator_name: str
    comments_count: int
    gifts_count: int
    coins: int
    diamonds: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        creator_id = self.creator_id

        caption = self.caption

        created_at = self.created_at.isoformat()

        creator_name = self.creator_name

        comments_count = self.comments_count

        gifts_count = self.gifts_count

        coins = self.coins

        diamonds = self.diamonds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "creator_id": creator_id,
                "caption": caption,
                "created_at": created_at,
                "creator_name": creator_name,
                "comments_count": comments_count,
                "gifts_count": gifts_count,
                "coins": coins,
                "diamonds": diamonds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        creator_id = d.pop("creator_id")

        caption = d.pop("caption")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        creator_name = d.pop("creator_name")

        comments_count = d.pop("comments_count")

        gifts_count = d.pop("gifts_count")

        coins = d.pop("coins")

        diamonds = d.pop("diamonds")

        video_detail_out = cls(
            id=id,
            creator_id=creator_id,
            caption=caption,
            created_at=created_at,
            creator_name=creator_name,
            comments_count=comments_count,
            gifts_count=gifts_count,
            coins=coins,
            diamonds=diamonds,
        )

        video_detail_out.additional_properties = d
        return video_detail_out

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
