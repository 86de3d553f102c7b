from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.caps_out import CapsOut
    from ..models.status_out import StatusOut


T = TypeVar("T", bound="MinorOut")


@_attrs_define
class MinorOut:
    """What a guardian sees of a linked minor: who, their caps, and their truthful status.

    Attributes:
        user_id (str):
        display_name (str):
        country (str):
        linked_at (datetime.datetime):
        spending (CapsOut): One set of caps: per window (coins for spending, minor units of `currency` for
            buying), whether it is switched off, and a loosening still cooling off.
        buying (CapsOut): One set of caps: per window (coins for spending, minor units of `currency` for
            buying), whether it is switched off, and a loosening still cooling off.
        status (StatusOut): Every restriction in force on the user; `ok` only when there is none.
    """

    user_id: str
    display_name: str
    country: str
    linked_at: datetime.datetime
    spending: CapsOut
    buying: CapsOut
    status: StatusOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        display_name = self.display_name

        country = self.country

        linked_at = self.linked_at.isoformat()

        spending = self.spending.to_dict()

        buying = self.buying.to_dict()

        status = self.status.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "display_name": display_name,
                "country": country,
                "linked_at": linked_at,
                "spending": spending,
                "buying": buying,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.caps_out import CapsOut
        from ..models.status_out import StatusOut

        d = dict(src_dict)
        user_id = d.pop("user_id")

        display_name = d.pop("display_name")

        country = d.pop("country")

        linked_at = datetime.datetime.fromisoformat(d.pop("linked_at"))

        spending = CapsOut.from_dict(d.pop("spending"))

        buying = CapsOut.from_dict(d.pop("buying"))

        status = StatusOut.from_dict(d.pop("status"))

        minor_out = cls(
            user_id=user_id,
            display_name=display_name,
            country=country,
            linked_at=linked_at,
            spending=spending,
            buying=buying,
            status=status,
        )

        minor_out.additional_properties = d
        return minor_out

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
