from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GuardianLinkOut")


@_attrs_define
class GuardianLinkOut:
    """
    Attributes:
        minor_id (str):
        guardian_id (str):
        linked_by (str):
        linked_at (datetime.datetime):
    """

    minor_id: str
    guardian_id: str
    linked_by: str
    linked_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        minor_id = self.minor_id

        guardian_id = self.guardian_id

        linked_by = self.linked_by

        linked_at = self.linked_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "minor_id": minor_id,
                "guardian_id": guardian_id,
                "linked_by": linked_by,
                "linked_at": linked_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        minor_id = d.pop("minor_id")

        guardian_id = d.pop("guardian_id")

        linked_by = d.pop("linked_by")

        linked_at = datetime.datetime.fromisoformat(d.pop("linked_at"))

        guardian_link_out = cls(
            minor_id=minor_id,
            guardian_id=guardian_id,
            linked_by=linked_by,
            linked_at=linked_at,
        )

        guardian_link_out.additional_properties = d
        return guardian_link_out

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
