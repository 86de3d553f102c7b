from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GifterOut")


@_attrs_define
class GifterOut:
    """
    Attributes:
        user_id (str):
        display_name (str):
        lifetime_coins (int | None):
        level (int):
        coins_to_next_level (int | None):
        badges (list[str]):
    """

    user_id: str
    display_name: str
    lifetime_coins: int | None
    level: int
    coins_to_next_level: int | None
    badges: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        display_name = self.display_name

        lifetime_coins: int | None
        lifetime_coins = self.lifetime_coins

        level = self.level

        coins_to_next_level: int | None
        coins_to_next_level = self.coins_to_next_level

        badges = self.badges

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "display_name": display_name,
                "lifetime_coins": lifetime_coins,
                "level": level,
                "coins_to_next_level": coins_to_next_level,
                "badges": badges,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        display_name = d.pop("display_name")

        def _parse_lifetime_coins(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        lifetime_coins = _parse_lifetime_coins(d.pop("lifetime_coins"))

        level = d.pop("level")

        def _parse_coins_to_next_level(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        coins_to_next_level = _parse_coins_to_next_level(d.pop("coins_to_next_level"))

        badges = cast(list[str], d.pop("badges"))

        gifter_out = cls(
            user_id=user_id,
            display_name=display_name,
            lifetime_coins=lifetime_coins,
            level=level,
            coins_to_next_level=coins_to_next_level,
            badges=badges,
        )

        gifter_out.additional_properties = d
        return gifter_out

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
