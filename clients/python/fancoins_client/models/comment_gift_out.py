from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CommentGiftOut")


@_attrs_define
class CommentGiftOut:
    """
    Attributes:
        id (UUID):
        gift_id (str):
        count (int):
        coins (int):
        diamonds (int):
    """

    id: UUID
    gift_id: str
    count: int
    coins: int
    diamonds: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        gift_id = self.gift_id

        count = self.count

        coins = self.coins

        diamonds = self.diamonds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "gift_id": gift_id,
                "count": count,
                "coins": coins,
                "diamonds": diamonds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        gift_id = d.pop("gift_id")

        count = d.pop("count")

        coins = d.pop("coins")

        diamonds = d.pop("diamonds")

        comment_gift_out = cls(
            id=id,
            gift_id=gift_id,
            count=count,
            coins=coins,
            diamonds=diamonds,
        )

        comment_gift_out.additional_properties = d
        return comment_gift_out

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
