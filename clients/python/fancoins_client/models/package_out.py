from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PackageOut")


@_attrs_define
class PackageOut:
    """
    Attributes:
        product_id (str):
        coins (int):
        price_minor (int):
        currency (str):
        price_text (str):
        price_per_100_coins_minor (int):
        price_per_100_coins_text (str):
        best_value (bool):
    """

    product_id: str
    coins: int
    price_minor: int
    currency: str
    price_text: str
    price_per_100_coins_minor: int
    price_per_100_coins_text: str
    best_value: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        coins = self.coins

        price_minor = self.price_minor

        currency = self.currency

        price_text = self.price_text

        price_per_100_coins_minor = self.price_per_100_coins_minor

        price_per_100_coins_text = self.price_per_100_coins_text

        best_value = self.best_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "coins": coins,
                "price_minor": price_minor,
                "currency": currency,
                "price_text": price_text,
                "price_per_100_coins_minor": price_per_100_coins_minor,
                "price_per_100_coins_text": price_per_100_coins_text,
                "best_value": best_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        coins = d.pop("coins")

        price_minor = d.pop("price_minor")

        currency = d.pop("currency")

        price_text = d.pop("price_text")

        price_per_100_coins_minor = d.pop("price_per_100_coins_minor")

        price_per_100_coins_text = d.pop("price_per_100_coins_text")

        best_value = d.pop("best_value")

        package_out = cls(
            product_id=product_id,
            coins=coins,
            price_minor=price_minor,
            currency=currency,
            price_text=price_text,
            price_per_100_coins_minor=price_per_100_coins_minor,
            price_per_100_coins_text=price_per_100_coins_text,
            best_value=best_value,
        )

        package_out.additional_properties = d
        return package_out

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
