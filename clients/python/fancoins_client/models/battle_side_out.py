from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.battle_side_out_side import BattleSideOutSide

if TYPE_CHECKING:
    from ..models.battle_creator_out import BattleCreatorOut
    from ..models.supporter_out import SupporterOut


T = TypeVar("T", bound="BattleSideOut")


@_attrs_define
class BattleSideOut:
    """
    Attributes:
        side (BattleSideOutSide):
        score_coins (int): coins gifted to the side's creators in the battle (exact from the ledger once the battle
            ended)
        creators (list[BattleCreatorOut]):
        supporters (list[SupporterOut]): top supporters, most coins first
    """

    side: BattleSideOutSide
    score_coins: int
    creators: list[BattleCreatorOut]
    supporters: list[SupporterOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        side = self.side.value

        score_coins = self.score_coins

        creators = []
        for creators_item_data in self.creators:
            creators_item = creators_item_data.to_dict()
            creators.append(creators_item)

        supporters = []
        for supporters_item_data in self.supporters:
            supporters_item = supporters_item_data.to_dict()
            supporters.append(supporters_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "side": side,
                "score_coins": score_coins,
                "creators": creators,
                "supporters": supporters,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.battle_creator_out import BattleCreatorOut
        from ..models.supporter_out import SupporterOut

        d = dict(src_dict)
        side = BattleSideOutSide(d.pop("side"))

        score_coins = d.pop("score_coins")

        creators = []
        _creators = d.pop("creators")
        for creators_item_data in _creators:
            creators_item = BattleCreatorOut.from_dict(creators_item_data)

            creators.append(creators_item)

        supporters = []
        _supporters = d.pop("supporters")
        for supporters_item_data in _supporters:
            supporters_item = SupporterOut.from_dict(supporters_item_data)

            supporters.append(supporters_item)

        battle_side_out = cls(
            side=side,
            score_coins=score_coins,
            creators=creators,
            supporters=supporters,
        )

        battle_side_out.additional_properties = d
        return battle_side_out

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
