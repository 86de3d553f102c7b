from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_restriction_out import UserRestrictionOut


T = TypeVar("T", bound="UserOut")


@_attrs_define
class UserOut:
    """
    Attributes:
        id (str):
        display_name (str):
        country (str):
        birth_date (datetime.date | None):
        age_verified (bool):
        frozen (bool):
        is_creator (bool):
        created_at (datetime.datetime):
        restrictions (list[UserRestrictionOut]): every freeze and ban in force: why, and until when (`frozen` is true
            while one of scope `all` is)
    """

    id: str
    display_name: str
    country: str
    birth_date: datetime.date | None
    age_verified: bool
    frozen: bool
    is_creator: bool
    created_at: datetime.datetime
    restrictions: list[UserRestrictionOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        display_name = self.display_name

        country = self.country

        birth_date: None | str
        if isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        age_verified = self.age_verified

        frozen = self.frozen

        is_creator = self.is_creator

        created_at = self.created_at.isoformat()

        restrictions = []
        for restrictions_item_data in self.restrictions:
            restrictions_item = restrictions_item_data.to_dict()
            restrictions.append(restrictions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "display_name": display_name,
                "country": country,
                "birth_date": birth_date,
                "age_verified": age_verified,
                "frozen": frozen,
                "is_creator": is_creator,
                "created_at": created_at,
                "restrictions": restrictions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.user_restriction_out import UserRestrictionOut

        d = dict(src_dict)
        id = d.pop("id")

        display_name = d.pop("display_name")

        country = d.pop("country")

        def _parse_birth_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        birth_date = _parse_birth_date(d.pop("birth_date"))

        age_verified = d.pop("age_verified")

        frozen = d.pop("frozen")

        is_creator = d.pop("is_creator")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        restrictions = []
        _restrictions = d.pop("restrictions")
        for restrictions_item_data in _restrictions:
            restrictions_item = UserRestrictionOut.from_dict(restrictions_item_data)

            restrictions.append(restrictions_item)

        user_out = cls(
            id=id,
            display_name=display_name,
            country=country,
            birth_date=birth_date,
            age_verified=age_verified,
            frozen=frozen,
            is_creator=is_creator,
            created_at=created_at,
            restrictions=restrictions,
        )

        user_out.additional_properties = d
        return user_out

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
