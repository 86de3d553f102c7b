from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MoneyPartsOut")


@_attrs_define
class MoneyPartsOut:
    """
    Attributes:
        count (int):
        gross_minor (int): What buyers paid (or got back)
        store_fees_minor (int): The store's or processor's fee
        taxes_minor (int): VAT/GST the store or processor remits
        net_minor (int): Gross less store fees and taxes: the platform's
    """

    count: int
    gross_minor: int
    store_fees_minor: int
    taxes_minor: int
    net_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        gross_minor = self.gross_minor

        store_fees_minor = self.store_fees_minor

        taxes_minor = self.taxes_minor

        net_minor = self.net_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "gross_minor": gross_minor,
                "store_fees_minor": store_fees_minor,
                "taxes_minor": taxes_minor,
                "net_minor": net_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        count = d.pop("count")

        gross_minor = d.pop("gross_minor")

        store_fees_minor = d.pop("store_fees_minor")

        taxes_minor = d.pop("taxes_minor")

        net_minor = d.pop("net_minor")

        money_parts_out = cls(
            count=count,
            gross_minor=gross_minor,
            store_fees_minor=store_fees_minor,
            taxes_minor=taxes_minor,
            net_minor=net_minor,
        )

        money_parts_out.additional_properties = d
        return money_parts_out

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
