from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GiftIn")


@_attrs_define
class GiftIn:
    """
    Attributes:
        id (str):
        name (str):
        price_coins (int):
        image (str):
        streakable (bool | None | Unset):
        active (bool | Unset):  Default: True.
        countries (list[str] | None | Unset):
    """

    id: str
    name: str
    price_coins: int
    image: str
    streakable: bool | None | Unset = UNSET
    active: bool | Unset = True
    countries: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        price_coins = self.price_coins

        image = self.image

        streakable: bool | None | Unset
        if isinstance(self.streakable, Unset):
            streakable = UNSET
        else:
            streakable = self.streakable

        active = self.active

        countries: list[str] | None | Unset
        if isinstance(self.countries, Unset):
            countries = UNSET
        elif isinstance(self.countries, list):
            countries = self.countries

        else:
            countries = self.countries

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "price_coins": price_coins,
                "image": image,
            }
        )
        if streakable is not UNSET:
            field_dict["streakable"] = streakable
        if active is not UNSET:
            field_dict["active"] = active
        if countries is not UNSET:
            field_dict["countries"] = countries

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        price_coins = d.pop("price_coins")

        image = d.pop("image")

        def _parse_streakable(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        streakable = _parse_streakable(d.pop("streakable", UNSET))

        active = d.pop("active", UNSET)

        def _parse_countries(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                countries_type_0 = cast(list[str], data)

                return countries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        countries = _parse_countries(d.pop("countries", UNSET))

        gift_in = cls(
            id=id,
            name=name,
            price_coins=price_coins,
            image=image,
            streakable=streakable,
            active=active,
            countries=countries,
        )

        return gift_in
