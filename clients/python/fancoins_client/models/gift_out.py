from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GiftOut")


@_attrs_define
class GiftOut:
    """
    Attributes:
        id (str):
        name (str):
        price_coins (int):
        streakable (bool):
        image (str):
        active (bool):
        countries (list[str] | None):
    """

    id: str
    name: str
    price_coins: int
    streakable: bool
    image: str
    active: bool
    countries: list[str] | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        price_coins = self.price_coins

        streakable = self.streakable

        image = self.image

        active = self.active

        countries: list[str] | None
        if isinstance(self.countries, list):
            countries = self.countries

        else:
            countries = self.countries

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "price_coins": price_coins,
                "streakable": streakable,
                "image": image,
                "active": active,
                "countries": countries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        price_coins = d.pop("price_coins")

        streakable = d.pop("streakable")

        image = d.pop("image")

        active = d.pop("active")

        def _parse_countries(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                countries_type_0 = cast(list[str], data)

                return countries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        countries = _parse_countries(d.pop("countries"))

        gift_out = cls(
            id=id,
            name=name,
            price_coins=price_coins,
            streakable=streakable,
            image=image,
            active=active,
            countries=countries,
        )

        gift_out.additional_properties = d
        return gift_out

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
