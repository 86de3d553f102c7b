from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BreakageOut")


@_attrs_define
class BreakageOut:
    """
    Attributes:
        policy (str): The finance.breakage_policy setting
        recognised_minor (int):
        description (str):
    """

    policy: str
    recognised_minor: int
    description: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        policy = self.policy

        recognised_minor = self.recognised_minor

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "policy": policy,
                "recognised_minor": recognised_minor,
                "description": description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        policy = d.pop("policy")

        recognised_minor = d.pop("recognised_minor")

        description = d.pop("description")

        breakage_out = cls(
            policy=policy,
            recognised_minor=recognised_minor,
            description=description,
        )

        breakage_out.additional_properties = d
        return breakage_out

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
