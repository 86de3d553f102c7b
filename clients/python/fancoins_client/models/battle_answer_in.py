from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BattleAnswerIn")


@_attrs_define
class BattleAnswerIn:
    """
    Attributes:
        creator_id (None | str | Unset):
    """

    creator_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        creator_id: None | str | Unset
        if isinstance(self.creator_id, Unset):
            creator_id = UNSET
        else:
            creator_id = self.creator_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if creator_id is not UNSET:
            field_dict["creator_id"] = creator_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_creator_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        creator_id = _parse_creator_id(d.pop("creator_id", UNSET))

        battle_answer_in = cls(
            creator_id=creator_id,
        )

        return battle_answer_in
