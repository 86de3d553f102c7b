from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.limits_out import LimitsOut
    from ..models.pending_out import PendingOut
    from ..models.spent_out import SpentOut


T = TypeVar("T", bound="LimitsViewOut")


@_attrs_define
class LimitsViewOut:
    """The limits in force, a raise still cooling off (if any) and this window's spend.

    Attributes:
        effective (LimitsOut):
        pending (None | PendingOut):
        spent (SpentOut):
    """

    effective: LimitsOut
    pending: None | PendingOut
    spent: SpentOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.pending_out import PendingOut

        effective = self.effective.to_dict()

        pending: dict[str, Any] | None
        if isinstance(self.pending, PendingOut):
            pending = self.pending.to_dict()
        else:
            pending = self.pending

        spent = self.spent.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "effective": effective,
                "pending": pending,
                "spent": spent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.limits_out import LimitsOut
        from ..models.pending_out import PendingOut
        from ..models.spent_out import SpentOut

        d = dict(src_dict)
        effective = LimitsOut.from_dict(d.pop("effective"))

        def _parse_pending(data: object) -> None | PendingOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pending_type_0 = PendingOut.from_dict(data)

                return pending_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PendingOut, data)

        pending = _parse_pending(d.pop("pending"))

        spent = SpentOut.from_dict(d.pop("spent"))

        limits_view_out = cls(
            effective=effective,
            pending=pending,
            spent=spent,
        )

        limits_view_out.additional_properties = d
        return limits_view_out

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
