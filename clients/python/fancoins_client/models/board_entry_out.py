from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BoardEntryOut")


@_attrs_define
class BoardEntryOut:
    """
    Attributes:
        rank (int):
        user_id (str):
        display_name (str):
        coins (int):
        diamonds (int):
        gifts (int):
        level (int | None):
        badges (list[str]):
        club_level (int | None | Unset):
    """

    rank: int
    user_id: str
    display_name: str
    coins: int
    diamonds: int
    gifts: int
    level: int | None
    badges: list[str]
    club_level: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rank = self.rank

        user_id = self.user_id

        display_name = self.display_name

        coins = self.coins

        diamonds = self.diamonds

        gifts = self.gifts

        level: int | None
        level = self.level

        badges = self.badges

        club_level: int | None | Unset
        if isinstance(self.club_level, Unset):
            club_level = UNSET
        else:
            club_level = self.club_level

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rank": rank,
                "user_id": user_id,
                "display_name": display_name,
                "coins": coins,
                "diamonds": diamonds,
                "gifts": gifts,
                "level": level,
                "badges": badges,
            }
        )
        if club_level is not UNSET:
            field_dict["club_level"] = club_level

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        rank = d.pop("rank")

        user_id = d.pop("user_id")

        display_name = d.pop("display_name")

        coins = d.pop("coins")

        diamonds = d.pop("diamonds")

        gifts = d.pop("gifts")

        def _parse_level(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        level = _parse_level(d.pop("level"))

        badges = cast(list[str], d.pop("badges"))

        def _parse_club_level(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        club_level = _parse_club_level(d.pop("club_level", UNSET))

        board_entry_out = cls(
            rank=rank,
            user_id=user_id,
            display_name=display_name,
            coins=coins,
            diamonds=diamonds,
            gifts=gifts,
            level=level,
            badges=badges,
            club_level=club_level,
        )

        board_entry_out.additional_properties = d
        return board_entry_out

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
