from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.limits_out import LimitsOut


T = TypeVar("T", bound="PendingOut")


@_attrs_define
class PendingOut:
    """
    Attributes:
        limits (LimitsOut):
        effective_at (datetime.datetime):
    """

    limits: LimitsOut
    effective_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        limits = self.limits.to_dict()

        effective_at = self.effective_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "limits": limits,
                "effective_at": effective_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.limits_out import LimitsOut

        d = dict(src_dict)
        limits = LimitsOut.from_dict(d.pop("limits"))

        effective_at = datetime.datetime.fromisoformat(d.pop("effective_at"))

        pending_out = cls(
            limits=limits,
            effective_at=effective_at,
        )

        pending_out.additional_properties = d
        return pending_out

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
