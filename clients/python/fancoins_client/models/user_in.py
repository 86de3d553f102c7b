from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserIn")


@_attrs_define
class UserIn:
    """
    Attributes:
        display_name (str):
        country (str | Unset):  Default: 'US'.
        birth_date (datetime.date | None | Unset):
        age_verified (bool | Unset):  Default: False.
        is_creator (bool | Unset):  Default: False.
    """

    display_name: str
    country: str | Unset = "US"
    birth_date: datetime.date | None | Unset = UNSET
    age_verified: bool | Unset = False
    is_creator: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        country = self.country

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        age_verified = self.age_verified

        is_creator = self.is_creator

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "display_name": display_name,
            }
        )
        if country is not UNSET:
            field_dict["country"] = country
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if age_verified is not UNSET:
            field_dict["age_verified"] = age_verified
        if is_creator is not UNSET:
            field_dict["is_creator"] = is_creator

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        display_name = d.pop("display_name")

        country = d.pop("country", UNSET)

        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        age_verified = d.pop("age_verified", UNSET)

        is_creator = d.pop("is_creator", UNSET)

        user_in = cls(
            display_name=display_name,
            country=country,
            birth_date=birth_date,
            age_verified=age_verified,
            is_creator=is_creator,
        )

        return user_in
