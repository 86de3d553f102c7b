from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BattleIn")


@_attrs_define
class BattleIn:
    """Invite creators to a LIVE match: you and `teammates` (side a) against `opponents`
    (side b), at most four creators, every one of them LIVE.

        Attributes:
            opponents (list[str]):
            teammates (list[str] | Unset):
            duration_s (int | None | Unset): default: the server's battles.duration_s
            creator_id (None | str | Unset):
    """

    opponents: list[str]
    teammates: list[str] | Unset = UNSET
    duration_s: int | None | Unset = UNSET
    creator_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        opponents = self.opponents

        teammates: list[str] | Unset = UNSET
        if not isinstance(self.teammates, Unset):
            teammates = self.teammates

        duration_s: int | None | Unset
        if isinstance(self.duration_s, Unset):
            duration_s = UNSET
        else:
            duration_s = self.duration_s

        creator_id: None | str | Unset
        if isinstance(self.creator_id, Unset):
            creator_id = UNSET
        else:
            creator_id = self.creator_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "opponents": opponents,
            }
        )
        if teammates is not UNSET:
            field_dict["teammates"] = teammates
        if duration_s is not UNSET:
            field_dict["duration_s"] = duration_s
        if creator_id is not UNSET:
            field_dict["creator_id"] = creator_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        opponents = cast(list[str], d.pop("opponents"))

        teammates = cast(list[str], d.pop("teammates", UNSET))

        def _parse_duration_s(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_s = _parse_duration_s(d.pop("duration_s", UNSET))

        def _parse_creator_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        creator_id = _parse_creator_id(d.pop("creator_id", UNSET))

        battle_in = cls(
            opponents=opponents,
            teammates=teammates,
            duration_s=duration_s,
            creator_id=creator_id,
        )

        return battle_in
