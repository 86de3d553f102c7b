from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OverlayGiftOut")


@_attrs_define
class OverlayGiftOut:
    """What the overlay shows of a gift: its name and artwork (retired gifts too: one may
    still arrive in a running LIVE).

        Attributes:
            id (str):
            name (str):
            price_coins (int):
            image (str):
    """

    id: str
    name: str
    price_coins: int
    image: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        price_coins = self.price_coins

        image = self.image

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "price_coins": price_coins,
                "image": image,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        price_coins = d.pop("price_coins")

        image = d.pop("image")

        overlay_gift_out = cls(
            id=id,
            name=name,
            price_coins=price_coins,
            image=image,
        )

        overlay_gift_out.additional_properties = d
        return overlay_gift_out

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
