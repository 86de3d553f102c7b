from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.hold_out import HoldOut
    from ..models.purchase_out import PurchaseOut


T = TypeVar("T", bound="HeldPurchaseOut")


@_attrs_define
class HeldPurchaseOut:
    """
    Attributes:
        purchase (PurchaseOut):
        hold (HoldOut): Why a purchase was held, and what became of the hold.
    """

    purchase: PurchaseOut
    hold: HoldOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        purchase = self.purchase.to_dict()

        hold = self.hold.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "purchase": purchase,
                "hold": hold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.hold_out import HoldOut
        from ..models.purchase_out import PurchaseOut

        d = dict(src_dict)
        purchase = PurchaseOut.from_dict(d.pop("purchase"))

        hold = HoldOut.from_dict(d.pop("hold"))

        held_purchase_out = cls(
            purchase=purchase,
            hold=hold,
        )

        held_purchase_out.additional_properties = d
        return held_purchase_out

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
