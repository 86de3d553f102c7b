from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.promotion_out import PromotionOut


T = TypeVar("T", bound="DeliveryOut")


@_attrs_define
class DeliveryOut:
    """
    Attributes:
        id (UUID):
        cost_coins (int):
        charged_coins (int):
        promotion (PromotionOut):
    """

    id: UUID
    cost_coins: int
    charged_coins: int
    promotion: PromotionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        cost_coins = self.cost_coins

        charged_coins = self.charged_coins

        promotion = self.promotion.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "cost_coins": cost_coins,
                "charged_coins": charged_coins,
                "promotion": promotion,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.promotion_out import PromotionOut

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        cost_coins = d.pop("cost_coins")

        charged_coins = d.pop("charged_coins")

        promotion = PromotionOut.from_dict(d.pop("promotion"))

        delivery_out = cls(
            id=id,
            cost_coins=cost_coins,
            charged_coins=charged_coins,
            promotion=promotion,
        )

        delivery_out.additional_properties = d
        return delivery_out

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
