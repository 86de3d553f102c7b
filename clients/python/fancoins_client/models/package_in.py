from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PackageIn")


@_attrs_define
class PackageIn:
    """
    Attributes:
        coins (int):
        price_minor (int):
    """

    coins: int
    price_minor: int

    def to_dict(self) -> dict[str, Any]:
        coins = self.coins

        price_minor = self.price_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "coins": coins,
                "price_minor": price_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        coins = d.pop("coins")

        price_minor = d.pop("price_minor")

        package_in = cls(
            coins=coins,
            price_minor=price_minor,
        )

        return package_in
