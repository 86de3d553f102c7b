from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AudienceOut")


@_attrs_define
class AudienceOut:
    """
    Attributes:
        mode (str):
        age_bands (list[str]):
        genders (list[str]):
        interests (list[str]):
        locations (list[str]):
    """

    mode: str
    age_bands: list[str]
    genders: list[str]
    interests: list[str]
    locations: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mode = self.mode

        age_bands = self.age_bands

        genders = self.genders

        interests = self.interests

        locations = self.locations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mode": mode,
                "age_bands": age_bands,
                "genders": genders,
                "interests": interests,
                "locations": locations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mode = d.pop("mode")

        age_bands = cast(list[str], d.pop("age_bands"))

        genders = cast(list[str], d.pop("genders"))

        interests = cast(list[str], d.pop("interests"))

        locations = cast(list[str], d.pop("locations"))

        audience_out = cls(
            mode=mode,
            age_bands=age_bands,
            genders=genders,
            interests=interests,
            locations=locations,
        )

        audience_out.additional_properties = d
        return audience_out

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
