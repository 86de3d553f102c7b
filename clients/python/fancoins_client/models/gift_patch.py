from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GiftPatch")


@_attrs_define
class GiftPatch:
    """Only the fields sent change; `active: false` retires the gift.

    Attributes:
        name (None | str | Unset):
        price_coins (int | None | Unset):
        streakable (bool | None | Unset):
        image (None | str | Unset):
        active (bool | None | Unset):
        countries (list[str] | None | Unset):
    """

    name: None | str | Unset = UNSET
    price_coins: int | None | Unset = UNSET
    streakable: bool | None | Unset = UNSET
    image: None | str | Unset = UNSET
    active: bool | None | Unset = UNSET
    countries: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        price_coins: int | None | Unset
        if isinstance(self.price_coins, Unset):
            price_coins = UNSET
        else:
            price_coins = self.price_coins

        streakable: bool | None | Unset
        if isinstance(self.streakable, Unset):
            streakable = UNSET
        else:
            streakable = self.streakable

        image: None | str | Unset
        if isinstance(self.image, Unset):
            image = UNSET
        else:
            image = self.image

        active: bool | None | Unset
        if isinstance(self.active, Unset):
            active = UNSET
        else:
            active = self.active

        countries: list[str] | None | Unset
        if isinstance(self.countries, Unset):
            countries = UNSET
        elif isinstance(self.countries, list):
            countries = self.countries

        else:
            countries = self.countries

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if price_coins is not UNSET:
            field_dict["price_coins"] = price_coins
        if streakable is not UNSET:
            field_dict["streakable"] = streakable
        if image is not UNSET:
            field_dict["image"] = image
        if active is not UNSET:
            field_dict["active"] = active
        if countries is not UNSET:
            field_dict["countries"] = countries

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_price_coins(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        price_coins = _parse_price_coins(d.pop("price_coins", UNSET))

        def _parse_streakable(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        streakable = _parse_streakable(d.pop("streakable", UNSET))

        def _parse_image(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image = _parse_image(d.pop("image", UNSET))

        def _parse_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        active = _parse_active(d.pop("active", UNSET))

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

        gift_patch = cls(
            name=name,
            price_coins=price_coins,
            streakable=streakable,
            image=image,
            active=active,
            countries=countries,
        )

        return gift_patch
