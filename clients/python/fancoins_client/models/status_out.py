from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.status_entry_out import StatusEntryOut


T = TypeVar("T", bound="StatusOut")


@_attrs_define
class StatusOut:
    """Every restriction in force on the user; `ok` only when there is none.

    Attributes:
        user_id (str):
        ok (bool):
        restrictions (list[StatusEntryOut]):
    """

    user_id: str
    ok: bool
    restrictions: list[StatusEntryOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        ok = self.ok

        restrictions = []
        for restrictions_item_data in self.restrictions:
            restrictions_item = restrictions_item_data.to_dict()
            restrictions.append(restrictions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "ok": ok,
                "restrictions": restrictions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.status_entry_out import StatusEntryOut

        d = dict(src_dict)
        user_id = d.pop("user_id")

        ok = d.pop("ok")

        restrictions = []
        _restrictions = d.pop("restrictions")
        for restrictions_item_data in _restrictions:
            restrictions_item = StatusEntryOut.from_dict(restrictions_item_data)

            restrictions.append(restrictions_item)

        status_out = cls(
            user_id=user_id,
            ok=ok,
            restrictions=restrictions,
        )

        status_out.additional_properties = d
        return status_out

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
