from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ResultsOut")


@_attrs_define
class ResultsOut:
    """
    Attributes:
        views (int):
        followers (int):
        profile_visits (int):
    """

    views: int
    followers: int
    profile_visits: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        views = self.views

        followers = self.followers

        profile_visits = self.profile_visits

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "views": views,
                "followers": followers,
                "profile_visits": profile_visits,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        views = d.pop("views")

        followers = d.pop("followers")

        profile_visits = d.pop("profile_visits")

        results_out = cls(
            views=views,
            followers=followers,
            profile_visits=profile_visits,
        )

        results_out.additional_properties = d
        return results_out

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
