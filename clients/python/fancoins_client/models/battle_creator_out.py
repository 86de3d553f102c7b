from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BattleCreatorOut")


@_attrs_define
class BattleCreatorOut:
    """
    Attributes:
        id (str):
        display_name (str):
        stream_id (None | str):
        accepted (bool):
        score_coins (int):
    """

    id: str
    display_name: str
    stream_id: None | str
    accepted: bool
    score_coins: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        display_name = self.display_name

        stream_id: None | str
        stream_id = self.stream_id

        accepted = self.accepted

        score_coins = self.score_coins

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "display_name": display_name,
                "stream_id": stream_id,
                "accepted": accepted,
                "score_coins": score_coins,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        display_name = d.pop("display_name")

        def _parse_stream_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stream_id = _parse_stream_id(d.pop("stream_id"))

        accepted = d.pop("accepted")

        score_coins = d.pop("score_coins")

        battle_creator_out = cls(
            id=id,
            display_name=display_name,
            stream_id=stream_id,
            accepted=accepted,
            score_coins=score_coins,
        )

        battle_creator_out.additional_properties = d
        return battle_creator_out

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
