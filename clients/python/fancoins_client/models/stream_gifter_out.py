from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StreamGifterOut")


@_attrs_define
class StreamGifterOut:
    """
    Attributes:
        user_id (str):
        display_name (str):
        coins (int):
        gifts (int):
    """

    user_id: str
    display_name: str
    coins: int
    gifts: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        display_name = self.display_name

        coins = self.coins

        gifts = self.gifts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "display_name": display_name,
                "coins": coins,
                "gifts": gifts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        display_name = d.pop("display_name")

        coins = d.pop("coins")

        gifts = d.pop("gifts")

        stream_gifter_out = cls(
            user_id=user_id,
            display_name=display_name,
            coins=coins,
            gifts=gifts,
        )

        stream_gifter_out.additional_properties = d
        return stream_gifter_out

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
