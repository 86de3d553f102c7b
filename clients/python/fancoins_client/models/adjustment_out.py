from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AdjustmentOut")


@_attrs_define
class AdjustmentOut:
    """
    Attributes:
        transfer_id (str):
        user_id (str):
        amount_coins (int):
    """

    transfer_id: str
    user_id: str
    amount_coins: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transfer_id = self.transfer_id

        user_id = self.user_id

        amount_coins = self.amount_coins

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transfer_id": transfer_id,
                "user_id": user_id,
                "amount_coins": amount_coins,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        transfer_id = d.pop("transfer_id")

        user_id = d.pop("user_id")

        amount_coins = d.pop("amount_coins")

        adjustment_out = cls(
            transfer_id=transfer_id,
            user_id=user_id,
            amount_coins=amount_coins,
        )

        adjustment_out.additional_properties = d
        return adjustment_out

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
